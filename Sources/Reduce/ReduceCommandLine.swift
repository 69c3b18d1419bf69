import Foundation
import Store

extension Reducer {
    /// The reducer over a results folder's HDF5 unit files, as both command-line tools run it.
    public static func forResults(_ folder: String, settings: ReduceSettings = ReduceSettings()) -> Reducer {
        Reducer(resultsFolder: URL(fileURLWithPath: folder).standardizedFileURL,
                // Units of a results folder are sealed by Nucleus' writer; an unsealed file there is
                // refused rather than handed to HDF5 unchecked (UnitFileSeal).
                loader: UnitFolderLoader(read: { try UnitFileReader.read($0, requireSeal: true) },
                                         readHeader: { try UnitFileReader.readHeader($0, requireSeal: true).header }),
                settings: settings)
    }
}

/// The reducer's exit statuses (README "Reducing"): a Slurm `afterok` chain runs its next job
/// only after status 0, so a partial report must not end with 0 unless the user asks.
public enum ReduceExitStatus {
    /// The report is written and covers every planned unit.
    public static let complete: Int32 = 0
    /// A reduce that stopped (bad folder, files that do not belong together, unwritable report).
    public static let failed: Int32 = 1
    /// The report is written but partial: unusable or incomplete files skipped, planned units
    /// missing, or no plan to check against. `--allow-partial` turns this into 0.
    public static let partial: Int32 = 3
}

extension ReduceOutcome {
    /// What the command prints on stdout when it is done.
    public var commandLineReport: String {
        var lines: [String] = []
        if groups.count > 1 {
            lines.append("unit files split into \(groups.count) groups (--split-mismatched): report/group-1 … group-\(groups.count)")
        }
        for group in groups {
            if let label = group.group { lines.append("\(label): job hash \(group.jobHash)") }
            lines += group.commandLineReport
        }
        for file in reportFiles { lines.append("wrote \(file.path)") }
        return lines.joined(separator: "\n")
    }

    /// What the command prints on stderr when the report is partial: why, and each missing unit.
    public var partialWarning: String? {
        guard isPartial else { return nil }
        var lines = ["warning: partial report: " + partialReasons.joined(separator: "; ")]
        lines += plan.missingUnits.map { "missing: \($0.description)" }
        return lines.joined(separator: "\n")
    }
}

extension ReduceSummary {
    /// The lines of one summary (one group) in the command's report.
    var commandLineReport: [String] {
        var lines = ["reduced \(unitFilesRead) unit files of \(jobName): \(prompts) prompts, \(tokens) tokens (\(tokensUsed) used)"]
        if promptsReplaced > 0 { lines.append("\(promptsReplaced) prompts replaced by a newer attempt") }
        if promptsFailed > 0 { lines.append("\(promptsFailed) prompts failed at run time (no tokens; see finish_reason and error in their unit files)") }
        if !skippedFiles.isEmpty {
            lines.append("skipped \(skippedFiles.count) unusable unit files:")
            lines += skippedFiles.map { "  \($0.file.path): \($0.reason)" }
        }
        if !incompleteFiles.isEmpty { lines.append("skipped \(incompleteFiles.count) incomplete unit files") }
        if !ignoredFiles.isEmpty { lines.append("ignored \(ignoredFiles.count) other files under units/") }
        if !accuracy.isEmpty {
            for row in accuracy {
                lines.append("\(row.key): accuracy \(ReportNumber.markdown(row.accuracyAll.proportion)) "
                    + "(\(row.correct)/\(row.prompts) correct, \(row.buggy) buggy, \(row.replacedByRerun) replaced by a rerun)")
            }
        }
        lines += figureNotes
        return lines
    }
}
