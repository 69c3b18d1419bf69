/// The ranking files of a report: CSV and LaTeX of the rankings, the top/bottom counts, the
/// variation across templates and, with `--compare-ranking`, the Kendall τ table (its figure is
/// one of `ReportFigures`, which also makes the PNG copies).
enum RankingReportFiles {
    /// (file name, contents).
    static func render(_ summary: RankingSummary) -> [(name: String, text: String)] {
        let analysis = summary.analysis
        var files: [(String, String)] = [
            ("ranking.csv", rankingCSV(analysis.ranked)),
            ("ranking.tex", rankingTeX(analysis.ranked)),
            ("ranking_top_bottom.csv", topBottomCSV(analysis.topBottom)),
            ("ranking_top_bottom.tex", topBottomTeX(analysis.topBottom)),
            ("ranking_variation.csv", variationCSV(analysis.variation)),
            ("ranking_variation.tex", variationTeX(analysis.variation)),
        ]
        if let comparison = summary.comparison {
            files.append(("ranking_comparison.csv", comparisonCSV(comparison)))
            files.append(("ranking_comparison.tex", comparisonTeX(comparison)))
        }
        return files
    }

    private static let cell = ["model", "dataset", "technique"]

    static func rankingCSV(_ rows: [RankedCandidate]) -> String {
        var csv = CSVText(columns: cell + ["template", "group", "candidate", "rank", "score", "mean_score", "n_tokens",
                                           "first_logit", "forms"])
        for row in rows {
            csv.append([row.key.model, row.key.dataset, row.key.technique, row.key.templateID, row.key.group, row.candidate,
                        String(row.rank), ReportNumber.csv(row.score), ReportNumber.csv(row.meanScore),
                        ReportNumber.csv(row.nTokens), ReportNumber.csv(row.firstLogit), String(row.forms)])
        }
        return csv.text
    }

    static func topBottomCSV(_ rows: [TopBottomCount]) -> String {
        var csv = CSVText(columns: cell + ["group", "candidate", "templates", "top", "bottom"])
        for row in rows {
            csv.append([row.model, row.dataset, row.technique, row.group, row.candidate, String(row.templates),
                        String(row.top), String(row.bottom)])
        }
        return csv.text
    }

    static func variationCSV(_ rows: [TemplateVariation]) -> String {
        var csv = CSVText(columns: cell + ["candidate", "group", "templates", "score_mean_abs_diff", "rank_mean_abs_diff"])
        for row in rows {
            csv.append([row.model, row.dataset, row.technique, row.candidate, row.group, String(row.templates),
                        ReportNumber.csv(row.scoreMeanAbsoluteDifference), ReportNumber.csv(row.rankMeanAbsoluteDifference)])
        }
        return csv.text
    }

    static func comparisonCSV(_ rows: [RankingComparisonRow]) -> String {
        var csv = CSVText(columns: cell + ["template", "group", "n", "kendall_tau_b", "p_value", "undefined"])
        for row in rows {
            csv.append([row.model, row.dataset, row.technique, row.template, row.group, String(row.n),
                        ReportNumber.csv(row.kendall.statistic), ReportNumber.csv(row.kendall.pValue),
                        row.kendall.undefinedReason.map { "\($0)" } ?? ""])
        }
        return csv.text
    }

    private static func fixed(_ value: Double, digits: Int = 3) -> String {
        value.isNaN ? "--" : String(format: "%.\(digits)f", value)
    }

    static func rankingTeX(_ rows: [RankedCandidate]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("template"), .init("group"), .init("candidate"), .init("rank", .right),
            .init(.raw("$\\sum \\ln p$"), .right), .init("per token", .right), .init("tokens", .right),
        ])
        var previous: RankingKey?
        for row in rows {
            if let previous, previous != row.key { table.appendMidrule() }
            previous = row.key
            // Rows never exceed the header's width, so appending cannot fail.
            try? table.appendRow([.text(row.key.model), .text(row.key.templateID), .text(row.key.group), .text(row.candidate),
                                  .text(String(row.rank)), .text(fixed(row.score)), .text(fixed(row.meanScore)),
                                  .text(fixed(row.nTokens, digits: 1))])
        }
        return table.render()
    }

    static func topBottomTeX(_ rows: [TopBottomCount]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("group"), .init("candidate"), .init("templates", .right), .init("top", .right),
            .init("bottom", .right),
        ])
        for row in rows {
            try? table.appendRow([.text(row.model), .text(row.group), .text(row.candidate), .text(String(row.templates)),
                                  .text(String(row.top)), .text(String(row.bottom))])
        }
        return table.render()
    }

    static func variationTeX(_ rows: [TemplateVariation]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("candidate"), .init("group"), .init("templates", .right),
            .init(.raw("mean $|\\Delta$ score$|$"), .right), .init(.raw("mean $|\\Delta$ rank$|$"), .right),
        ])
        for row in rows {
            try? table.appendRow([.text(row.model), .text(row.candidate), .text(row.group), .text(String(row.templates)),
                                  .text(fixed(row.scoreMeanAbsoluteDifference)), .text(fixed(row.rankMeanAbsoluteDifference, digits: 2))])
        }
        return table.render()
    }

    static func comparisonTeX(_ rows: [RankingComparisonRow]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("dataset"), .init("group"), .init("template"), .init(.raw("$n$"), .right),
            .init(.raw("Kendall $\\tau_b$"), .right), .init(.raw("$p$"), .right),
        ])
        for row in rows {
            try? table.appendRow([.text(row.model), .text(row.dataset), .text(row.group), .text(row.template), .text(String(row.n)),
                                  .text(fixed(row.kendall.statistic)), .text(String(format: "%.3g", row.kendall.pValue))])
        }
        return table.render()
    }
}
