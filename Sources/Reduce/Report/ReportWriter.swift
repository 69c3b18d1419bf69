import Foundation

/// Writes the report files of one summary into a folder: the fresh staging folder that
/// `ReportFolderSwap` later puts in place of `report/` (so no file here needs its own swap).
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
            try writeFile(CorrelationCSV.render(summary.correlations), name: "correlation.csv"),
            try writeFile(ReportTables.correlation(summary.correlations), name: "correlation.tex"),
            try writeFile(BinnedMediansCSV.render(summary.correlations), name: "binned_medians.csv"),
            try writeFile(PromptsCSV.render(summary.gradedPrompts), name: "prompts.csv"),
            try writeFile(PromptsCSV.renderRerunList(summary.gradedPrompts), name: "buggy_prompts_to_rerun.csv"),
        ]
        if !summary.accuracy.isEmpty {
            files.append(try writeFile(AccuracyCSV.render(summary.accuracy), name: "accuracy.csv"))
            files.append(try writeFile(ReportTables.accuracy(summary.accuracy), name: "accuracy.tex"))
        }
        if !summary.scoring.isEmpty {
            files.append(try writeFile(ScoringReport.csv(summary.scoring), name: "scoring.csv"))
            files.append(try writeFile(ScoringReport.table(summary.scoring), name: "scoring.tex"))
            files.append(try writeFile(ScoringReport.documentsCSV(summary.scoredDocuments), name: "scoring_documents.csv"))
            if summary.scoring.contains(where: { $0.average != nil }) {
                files.append(try writeFile(ScoringReport.topTokensCSV(summary.scoring), name: "average_distribution_top100.csv"))
            }
        }
        if let ranking = summary.ranking {
            files += try RankingReportFiles.render(ranking).map { try writeFile($0.text, name: $0.name) }
        }
        if !summary.simpleQA.isEmpty {
            files.append(try writeFile(SimpleQACSV.render(summary.simpleQA), name: "simpleqa.csv"))
            files.append(try writeFile(ReportTables.simpleQA(summary.simpleQA), name: "simpleqa.tex"))
            files.append(try writeFile(SimpleQACSV.renderPrompts(summary.gradedPrompts), name: "simpleqa_prompts.csv"))
        }
        if !summary.attention.isEmpty {
            files.append(try writeFile(AttentionGroupsCSV.renderSteps(summary.attention.steps), name: "attention_by_step.csv"))
            files.append(try writeFile(AttentionGroupsCSV.renderTests(summary.attention.layerTests),
                                       name: "attention_layer_tests.csv"))
            files.append(try writeFile(AttentionGroupsCSV.tableOfTests(summary.attention.layerTests),
                                       name: "attention_layer_tests.tex"))
        }
        if let sampling = summary.sampling {
            files += try SamplingReportFiles.write(sampling) { try writeFile($0, name: $1) }
        }
        var notes: [String] = []
        let converter = writePNG ? PNGConversion() : nil
        for figure in ReportFigures.render(summary) {
            let svg = try writeFile(figure.svg, name: figure.name + ".svg")
            files.append(svg)
            switch converter?.convert(svg) {
            case .converted(let png): files.append(png)
            case .skipped(let reason): notes.append("\(svg.lastPathComponent): no PNG copy: \(reason)")
            case .failed(let reason): notes.append("\(svg.lastPathComponent): PNG conversion failed: \(reason)")
            case nil: break
            }
        }
        var written = summary
        written.figureNotes = notes
        files.insert(try writeFile(ReduceJSON.render(written), name: "reduce.json"), at: 0)
        written.reportFiles = files
        files.insert(try writeFile(SummaryMarkdown.render(written), name: "summary.md"), at: 0)
        return (files, notes)
    }

    /// The whole report into `folder`: one summary's files, or in a split reduce an index
    /// (summary.md, reduce.json) and each group's report in `group-N/`.
    static func writeOutcome(_ groups: [ReduceSummary], into folder: URL, writePNG: Bool) throws -> ReduceOutcome {
        var outcome = ReduceOutcome(groups: groups, reportFolder: folder, reportFiles: [])
        if groups.count == 1 {
            (outcome.groups[0].reportFiles, outcome.groups[0].figureNotes) =
                try ReportWriter(folder: folder, writePNG: writePNG).write(groups[0])
            outcome.reportFiles = outcome.groups[0].reportFiles
            return outcome
        }
        for index in outcome.groups.indices {
            let name = outcome.groups[index].group ?? "group-\(index + 1)"
            (outcome.groups[index].reportFiles, outcome.groups[index].figureNotes) =
                try ReportWriter(folder: folder.appendingPathComponent(name, isDirectory: true), writePNG: writePNG)
                    .write(outcome.groups[index])
        }
        let index = ReportWriter(folder: folder, writePNG: false)
        outcome.reportFiles = [
            try index.writeFile(GroupIndexMarkdown.render(outcome.groups), name: "summary.md"),
            try index.writeFile(ReduceJSON.renderIndex(outcome.groups), name: "reduce.json"),
        ] + outcome.groups.flatMap(\.reportFiles)
        return outcome
    }

    fileprivate func writeFile(_ text: String, name: String) throws -> URL {
        let destination = folder.appendingPathComponent(name)
        do {
            try Data(text.utf8).write(to: destination)
        } catch {
            throw ReduceError.cannotWriteReport(path: destination.path, reason: error.localizedDescription)
        }
        return destination
    }
}
