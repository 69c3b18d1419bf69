import Foundation

/// `report/summary.md`: the reduce in a page a person reads first. Holds no timestamps or
/// absolute paths, so the same results give the same bytes.
enum SummaryMarkdown {
    static func render(_ summary: ReduceSummary) -> String {
        var lines = [
            "# Nucleus reduce: \(summary.jobName)",
            "",
            "- Results folder: `\(summary.resultsFolder.lastPathComponent)`",
            "- Unit files read: \(summary.unitFilesRead) (unusable, skipped: \(summary.skippedFiles.count); "
                + "incomplete, skipped: \(summary.incompleteFiles.count); "
                + "other files under units/, ignored: \(summary.ignoredFiles.count))",
            "- Prompts: \(summary.prompts) (replaced by a newer attempt: \(summary.promptsReplaced))",
            "- Tokens: \(summary.tokens) generated, \(summary.tokensUsed) used; excluded: "
                + "\(summary.excludedNaNCosine) with NaN nucleus cosine (one-token nucleus), "
                + "\(summary.excludedNonFinite) with non-finite entropy or cosine",
            "",
            "## Entropy vs nucleus cosine",
            "",
            "| model | dataset | technique | tokens | used | excluded | Pearson r | p | Spearman ρ | p | Kendall τ-b | p | mean H (nats) | mean cosine |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in summary.correlations {
            let cells = [cell(row.key.model), cell(row.key.dataset), cell(row.key.technique),
                         String(row.tokens), String(row.used), String(row.excludedNaNCosine + row.excludedNonFinite)]
                + [row.pearson.statistic, row.pearson.pValue, row.spearman.statistic, row.spearman.pValue,
                   row.kendall.statistic, row.kendall.pValue, row.meanEntropy, row.meanCosine].map(ReportNumber.markdown)
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        let undefined = undefinedLines(summary.correlations)
        if !undefined.isEmpty {
            lines += ["", "Undefined correlations (shown as nan):", ""] + undefined
        }
        let skipped = summary.skippedFiles.map { "- unusable, skipped: `\(relativePath($0.file, summary))`: \($0.reason)" }
            + summary.incompleteFiles.map { "- incomplete, skipped: `\(relativePath($0, summary))`" }
            + summary.ignoredFiles.map { "- ignored: `\(relativePath($0, summary))`" }
        if !skipped.isEmpty {
            lines += ["", "## Files not used", ""] + skipped
        }
        lines += [
            "",
            "## Definitions",
            "",
            "- Entropy H = −Σ p ln p over the full vocabulary of the raw-logit softmax, in nats (natural log).",
            "- Nucleus cosine: mean cosine similarity over unordered pairs of the input-embedding rows of the "
                + "smallest set of top tokens with mass ≥ top-p; NaN when that set has one token, and such "
                + "tokens are excluded and counted above.",
            "- Each prompt (unit id, dataset row) counts once: its newest attempt. Sample indices are pooled.",
            "- p-values are two-sided: Pearson and Spearman from Student's t with n − 2 df; Kendall τ-b "
                + "exact without ties for n ≤ 33, else normal with tie-corrected variance (as scipy.stats).",
            "- Tokens of one prompt are not independent, so these p-values are optimistic.",
            "- correlation.csv holds the same rows to 10 significant digits; undefined values are `nan`.",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    private static func undefinedLines(_ rows: [CorrelationRow]) -> [String] {
        rows.flatMap { row in
            [("Pearson", row.pearson), ("Spearman", row.spearman), ("Kendall", row.kendall)]
                .compactMap { name, result in
                    result.undefinedReason.map { "- \(row.key) \(name): \($0)" }
                }
        }
    }

    /// Table cells cannot hold `|` or line breaks.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private static func relativePath(_ file: URL, _ summary: ReduceSummary) -> String {
        let base = summary.resultsFolder.standardizedFileURL.path + "/"
        let path = file.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
