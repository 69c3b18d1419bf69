import Foundation
import Store

extension Reducer {
    /// The reducer over a results folder's HDF5 unit files, as both command-line tools run it.
    public static func forResults(_ folder: String, settings: ReduceSettings = ReduceSettings()) -> Reducer {
        Reducer(resultsFolder: URL(fileURLWithPath: folder).standardizedFileURL,
                loader: UnitFolderLoader(read: { try UnitFileReader.read($0) }), settings: settings)
    }
}

extension ReduceSummary {
    /// What the command prints when it is done.
    public var commandLineReport: String {
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
        for file in reportFiles { lines.append("wrote \(file.path)") }
        return lines.joined(separator: "\n")
    }
}
