import Foundation
import Store

/// Reduces one results folder: reads every unit-attempt file, keeps the newest attempt of each
/// prompt, correlates entropy with nucleus cosine per (model, dataset, technique), and writes
/// `report/correlation.csv` and `report/summary.md`.
public struct Reducer: Sendable {
    public var resultsFolder: URL
    public var loader: any UnitRecordLoader

    public init(resultsFolder: URL, loader: any UnitRecordLoader) {
        self.resultsFolder = resultsFolder
        self.loader = loader
    }

    /// Computes the summary and writes the report; returns the summary with the files written.
    public func run() throws -> ReduceSummary {
        var summary = try summarize()
        let reportFolder = resultsFolder.appendingPathComponent("report", isDirectory: true)
        summary.reportFiles = try ReportWriter(folder: reportFolder).write(summary)
        return summary
    }

    /// Reads and merges the unit files and computes the correlations, writing nothing.
    public func summarize() throws -> ReduceSummary {
        let listing = try loader.listUnitFiles(resultsFolder: resultsFolder)
        guard !listing.unitFiles.isEmpty else { throw ReduceError.noUnitFiles(path: resultsFolder.path) }
        var merge = AttemptMerge()
        var incomplete: [URL] = []
        var jobNames = Set<String>()
        for file in listing.unitFiles {
            let record: UnitRecord
            do {
                record = try loader.read(file)
            } catch let error as ReduceError {
                throw error
            } catch {
                throw ReduceError.unreadableUnitFile(path: file.path, reason: String(describing: error))
            }
            guard record.header.complete else {
                incomplete.append(file)
                continue
            }
            jobNames.insert(record.header.jobName)
            try merge.add(record, from: file)
        }
        let prompts = merge.merged()
        let correlations = Dictionary(grouping: prompts, by: \.key)
            .map { CorrelationRow.compute(key: $0.key, prompts: $0.value) }
            .sorted { $0.key < $1.key }
        return ReduceSummary(
            jobName: jobNames.isEmpty ? resultsFolder.lastPathComponent : jobNames.sorted().joined(separator: ", "),
            resultsFolder: resultsFolder,
            unitFilesRead: listing.unitFiles.count - incomplete.count,
            incompleteFiles: incomplete,
            ignoredFiles: listing.ignoredFiles,
            prompts: prompts.count,
            promptsReplaced: merge.promptsReplaced,
            correlations: correlations,
            reportFiles: [])
    }
}
