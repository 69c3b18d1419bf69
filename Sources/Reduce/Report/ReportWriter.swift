import Foundation

/// Writes the report files into `results/NAME/report/`. Each file is written in full to a
/// hidden temporary name beside it and then renamed over the old one, so a reader never sees a
/// half-written report, even if the reduce is interrupted.
struct ReportWriter {
    var folder: URL

    /// Writes correlation.csv and summary.md; returns their URLs.
    func write(_ summary: ReduceSummary) throws -> [URL] {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ReduceError.cannotWriteReport(path: folder.path, reason: error.localizedDescription)
        }
        return [
            try writeAtomically(CorrelationCSV.render(summary.correlations), name: "correlation.csv"),
            try writeAtomically(SummaryMarkdown.render(summary), name: "summary.md"),
        ]
    }

    private func writeAtomically(_ text: String, name: String) throws -> URL {
        let destination = folder.appendingPathComponent(name)
        let temporary = folder.appendingPathComponent(".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            throw ReduceError.cannotWriteReport(path: temporary.path, reason: error.localizedDescription)
        }
        // rename(2) replaces the destination atomically within one file system.
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ReduceError.cannotWriteReport(path: destination.path, reason: "rename failed: \(reason)")
        }
        return destination
    }
}
