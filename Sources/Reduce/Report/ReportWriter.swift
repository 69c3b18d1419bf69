import Foundation

/// Writes the report files into `results/NAME/report/`. Each file is written in full to a
/// hidden temporary name beside it and then renamed over the old one, so a reader never sees a
/// half-written report, even if the reduce is interrupted.
struct ReportWriter {
    var folder: URL
    var writePNG: Bool

    /// Writes every table, list and figure, then summary.md (which names them); returns the
    /// files written and notes on PNG copies that could not be made.
    func write(_ summary: ReduceSummary) throws -> (files: [URL], figureNotes: [String]) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ReduceError.cannotWriteReport(path: folder.path, reason: error.localizedDescription)
        }
        var files = [
            try writeAtomically(CorrelationCSV.render(summary.correlations), name: "correlation.csv"),
            try writeAtomically(ReportTables.correlation(summary.correlations), name: "correlation.tex"),
            try writeAtomically(BinnedMediansCSV.render(summary.correlations), name: "binned_medians.csv"),
            try writeAtomically(PromptsCSV.render(summary.gradedPrompts), name: "prompts.csv"),
            try writeAtomically(PromptsCSV.renderRerunList(summary.gradedPrompts), name: "buggy_prompts_to_rerun.csv"),
        ]
        if !summary.accuracy.isEmpty {
            files.append(try writeAtomically(AccuracyCSV.render(summary.accuracy), name: "accuracy.csv"))
            files.append(try writeAtomically(ReportTables.accuracy(summary.accuracy), name: "accuracy.tex"))
        }
        var notes: [String] = []
        let converter = writePNG ? PNGConversion() : nil
        for figure in ReportFigures.render(summary) {
            let svg = try writeAtomically(figure.svg, name: figure.name + ".svg")
            files.append(svg)
            switch converter?.convert(svg) {
            case .converted(let png): files.append(png)
            case .skipped(let reason): notes.append("\(svg.lastPathComponent): no PNG copy: \(reason)")
            case .failed(let reason): notes.append("\(svg.lastPathComponent): PNG conversion failed: \(reason)")
            case nil: break
            }
        }
        var written = summary
        written.reportFiles = files
        written.figureNotes = notes
        files.insert(try writeAtomically(SummaryMarkdown.render(written), name: "summary.md"), at: 0)
        return (files, notes)
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
