/// The LaTeX tables of the report (booktabs `tabular`s to `\input` into a paper).
enum ReportTables {
    static func correlation(_ rows: [CorrelationRow]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("dataset"), .init("technique"), .init("tokens", .right),
            .init(.raw("Pearson $r$ [95\\% CI]"), .right), .init(.raw("Spearman $\\rho$ [95\\% CI]"), .right),
            .init(.raw("Kendall $\\tau_b$ [95\\% CI]"), .right), .init(.raw("fit $R^2$"), .right),
            .init(.raw("peak $1/b$"), .right),
        ])
        for row in rows {
            let withInterval = { (result: CorrelationResult, interval: BootstrapInterval) -> LaTeXTable.Cell in
                .text("\(fixed(result.statistic)) [\(fixed(interval.lower)), \(fixed(interval.upper))]")
            }
            // Rows never exceed the header's width, so appending cannot fail.
            try? table.appendRow([
                .text(row.key.model), .text(row.key.dataset), .text(row.key.technique), .text(String(row.used)),
                withInterval(row.pearson, row.bootstrap.pearson), withInterval(row.spearman, row.bootstrap.spearman),
                withInterval(row.kendall, row.bootstrap.kendall),
                .text(row.fit.problem == nil ? fixed(row.fit.rSquared) : "--"),
                .text(row.fit.problem == nil ? fixed(row.fit.peak, digits: 2) : "--"),
            ])
        }
        return table.render()
    }

    static func accuracy(_ rows: [AccuracyRow]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("technique"), .init("prompts", .right), .init("buggy", .right),
            .init("correct", .right), .init("accuracy (answered) [95\\% CI]", .right),
            .init("accuracy (all) [95\\% CI]", .right),
            .init(.raw("$\\bar H$ right / wrong"), .right), .init(.raw("$\\bar{\\cos}$ right / wrong"), .right),
        ])
        for row in rows {
            let interval = { (p: ProportionInterval) in "\(fixed(p.proportion)) [\(fixed(p.lower)), \(fixed(p.upper))]" }
            try? table.appendRow([
                .text(row.key.model), .text(row.key.technique), .text(String(row.prompts)), .text(String(row.buggy)),
                .text(String(row.correct)), .text(interval(row.accuracyAnswered)), .text(interval(row.accuracyAll)),
                .text("\(fixed(row.meanEntropyCorrect)) / \(fixed(row.meanEntropyWrong))"),
                .text("\(fixed(row.meanCosineCorrect)) / \(fixed(row.meanCosineWrong))"),
            ])
        }
        return table.render()
    }

    static func simpleQA(_ rows: [SimpleQARow]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("dataset"), .init("technique"), .init("prompts", .right),
            .init("correct [95\\% CI]", .right), .init("incorrect [95\\% CI]", .right),
            .init("not attempted [95\\% CI]", .right), .init("correct given attempted [95\\% CI]", .right),
            .init("F-score", .right),
        ])
        for row in rows {
            let interval = { (p: ProportionInterval) in "\(fixed(p.proportion)) [\(fixed(p.lower)), \(fixed(p.upper))]" }
            try? table.appendRow([
                .text(row.key.model), .text(row.key.dataset), .text(row.key.technique), .text(String(row.prompts)),
                .text(interval(row.correctRate)), .text(interval(row.incorrectRate)), .text(interval(row.notAttemptedRate)),
                .text(interval(row.accuracyGivenAttempted)), .text(fixed(row.fScore)),
            ])
        }
        return table.render()
    }

    /// Fixed decimals for tables; `--` where undefined.
    static func fixed(_ value: Double, digits: Int = 3) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value == 0 ? 0.0 : value) : "--"
    }
}
