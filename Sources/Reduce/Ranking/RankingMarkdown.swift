/// The "Candidate rankings" section of summary.md: what was ranked, how, and the comparison.
enum RankingMarkdown {
    static func section(_ summary: RankingSummary) -> [String] {
        let ranked = summary.analysis.ranked
        let templates = Set(ranked.map(\.key.templateID)).count, groups = Set(ranked.map(\.key.group)).count
        let candidates = Set(ranked.map(\.candidate)).count
        var lines = [
            "", "## Candidate rankings", "",
            "\(summary.scores) filled-template × candidate scores: \(templates) templates × \(groups) groups × \(candidates) candidates "
                + "(`ranking.csv`, `ranking_top_bottom.csv`, `ranking_variation.csv`, each with a `.tex`).",
            "",
            "- Score = Σ ln p(candidate token | filled template + separator, earlier candidate tokens), float64 log-softmax of the raw logits; a group's score is the mean over its surface forms.",
            "- Ranks within model × template × group: 1 = highest score; ties share the lowest rank (1, 2, 2, 4).",
            "- Top / bottom: templates where the candidate has the highest / lowest score of its group (shared places count for each candidate).",
            "- Variation: mean over template pairs of |score difference| and |rank difference| per model × candidate × group.",
        ]
        let mostOftenTop = Dictionary(grouping: summary.analysis.topBottom) { "\($0.model) | \($0.dataset) | \($0.technique) | \($0.group)" }
            .sorted { $0.key < $1.key }
        lines += ["", "| model | dataset | technique | group | most often top | most often bottom |", "|---|---|---|---|---|---|"]
        for (key, counts) in mostOftenTop {
            func leaders(_ count: (TopBottomCount) -> Int) -> String {
                let best = counts.map(count).max() ?? 0
                guard best > 0 else { return "—" }
                return counts.filter { count($0) == best }.map(\.candidate).sorted().joined(separator: ", ") + " (\(best) of \(counts.first?.templates ?? 0))"
            }
            lines.append("| \(key) | \(leaders(\.top)) | \(leaders(\.bottom)) |")
        }
        guard let comparison = summary.comparison, let file = summary.comparisonFile else { return lines }
        lines += [
            "", "### Kendall τ-b against `\(file.split(separator: "/").last.map(String.init) ?? file)`", "",
            "Per model × group over the candidates' mean score across templates (`ranking_comparison.csv` also has one row per template), as scipy.stats.kendalltau.",
            "", "| model | dataset | technique | group | n | τ-b | p |", "|---|---|---|---|---:|---:|---:|",
        ]
        for row in comparison where row.template == RankingComparisonRow.allTemplates {
            let tau = row.kendall.undefinedReason.map { "undefined: \($0)" } ?? ReportNumber.markdown(row.kendall.statistic)
            lines.append("| \(row.model) | \(row.dataset) | \(row.technique) | \(row.group) | \(row.n) | "
                         + "\(tau) | \(ReportNumber.markdown(row.kendall.pValue)) |")
        }
        lines += ["", "![Kendall τ-b per model and group](ranking_comparison.svg)"]
        return lines
    }
}
