import Foundation
import Store

/// Reduces one results folder: reads every unit-attempt file, keeps the newest attempt of each
/// prompt, correlates entropy with nucleus cosine per (model, dataset, technique), and writes
/// `report/correlation.csv` and `report/summary.md`.
public struct Reducer: Sendable {
    public var resultsFolder: URL
    public var loader: any UnitRecordLoader
    public var settings: ReduceSettings

    public init(resultsFolder: URL, loader: any UnitRecordLoader, settings: ReduceSettings = ReduceSettings()) {
        self.resultsFolder = resultsFolder
        self.loader = loader
        self.settings = settings
    }

    /// Computes the summary and writes the report; returns the summary with the files written.
    public func run() throws -> ReduceSummary {
        var summary = try summarize()
        let reportFolder = resultsFolder.appendingPathComponent("report", isDirectory: true)
        (summary.reportFiles, summary.figureNotes) = try ReportWriter(folder: reportFolder, writePNG: settings.writePNG).write(summary)
        return summary
    }

    /// Reads and merges the unit files and computes the correlations, writing nothing.
    public func summarize() throws -> ReduceSummary {
        let listing = try loader.listUnitFiles(resultsFolder: resultsFolder)
        guard !listing.unitFiles.isEmpty else { throw ReduceError.noUnitFiles(path: resultsFolder.path) }
        // One damaged or conflicting file must not cost the whole reduce: it is skipped, named in
        // the report and counted, and the rest is reduced.
        var merge = AttemptMerge()
        var incomplete: [URL] = []
        var skipped: [SkippedFile] = []
        var jobNames = Set<String>()
        for file in listing.unitFiles {
            do {
                let record = try loader.read(file)
                guard record.header.complete else {
                    incomplete.append(file)
                    continue
                }
                try merge.add(record, from: file)
                jobNames.insert(record.header.jobName)
            } catch {
                skipped.append(SkippedFile(file: file, reason: Self.reason(error, file: file)))
            }
        }
        let prompts = merge.merged()
        let cells = Dictionary(grouping: prompts, by: \.key)
        let correlations = cells
            .map { CorrelationRow.compute(key: $0.key, prompts: $0.value, settings: settings) }
            .sorted { $0.key < $1.key }
        // A prompt that failed at run time (finish_reason "error") has no tokens and no answer:
        // it is counted, not graded.
        let graded = prompts.filter { !$0.prompt.failed }.map { GradedPrompt($0, replaced: merge.wasReplaced($0)) }
            .sorted { ($0.key, $0.row, $0.unitID) < ($1.key, $1.row, $1.unitID) }
        let accuracy = Dictionary(grouping: graded, by: \.key)
            .compactMap { AccuracyRow.compute(key: $0.key, prompts: $0.value) }
            .sorted { $0.key < $1.key }
        return ReduceSummary(
            jobName: jobNames.isEmpty ? resultsFolder.lastPathComponent : jobNames.sorted().joined(separator: ", "),
            resultsFolder: resultsFolder,
            settings: settings,
            unitFilesRead: listing.unitFiles.count - incomplete.count - skipped.count,
            incompleteFiles: incomplete,
            skippedFiles: skipped,
            ignoredFiles: listing.ignoredFiles,
            prompts: prompts.count,
            promptsReplaced: merge.promptsReplaced,
            correlations: correlations,
            accuracy: accuracy,
            gradedPrompts: graded,
            reportFiles: [],
            promptsFailed: prompts.count { $0.prompt.failed })
    }

    /// The problem without the path: the report names the file beside it.
    private static func reason(_ error: any Error, file: URL) -> String {
        switch error {
        case ReduceError.inconsistentRecord(_, let problem): "inconsistent record: \(problem)"
        case ReduceError.duplicateAttempt(let unit, let row, let attempt, let first, _):
            "unit \(unit) row \(row) attempt \(attempt) is also in \(first)"
        default:
            String(describing: error).replacingOccurrences(of: file.path + ": ", with: "")
        }
    }
}

/// A unit file the reduce could not use, and why.
public struct SkippedFile: Sendable, Equatable {
    public var file: URL
    public var reason: String
}
