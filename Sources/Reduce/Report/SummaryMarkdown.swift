import Foundation

/// `report/summary.md`: the reduce in a page a person reads first. Holds no timestamps or
/// absolute paths, so the same results give the same bytes.
enum SummaryMarkdown {
    static func render(_ summary: ReduceSummary) -> String {
        var lines = header(summary)
        lines += completenessSection(summary)
        if !summary.accuracy.isEmpty { lines += accuracySection(summary) }
        if !summary.scoring.isEmpty { lines += ScoringReport.markdown(summary.scoring) }
        if !summary.correlations.isEmpty || (summary.ranking == nil && summary.scoring.isEmpty) { lines += correlationSection(summary) }
        if let ranking = summary.ranking { lines += RankingMarkdown.section(ranking) }
        if !summary.simpleQA.isEmpty { lines += simpleQASection(summary) }
        if !summary.attention.isEmpty { lines += AttentionMarkdown.section(summary.attention) }
        if let sampling = summary.sampling { lines += SamplingMarkdown.section(sampling, figures: summary.reportFiles) }
        lines += settingsSection(summary)
        lines += filesSection(summary)
        lines += definitions(summary.settings)
        return lines.joined(separator: "\n")
    }

    private static func header(_ summary: ReduceSummary) -> [String] {
        let settings = summary.settings
        let analysis = Set(summary.rowSettings.map(\.analysisDescription)).sorted()
        return [
            "# Nucleus reduce: \(summary.jobName)" + (summary.group.map { " (\($0))" } ?? ""),
            "",
            "- Results folder: `\(summary.resultsFolder.lastPathComponent)`",
            "- Job hash: `\(summary.jobHash)`",
            "- Analysis settings: " + (analysis.isEmpty ? "none (no unit file read)" : analysis.joined(separator: "; "))
                + " (generation settings per row under Settings)",
            (summary.group == nil ? "- Report: " : "- Report (the whole folder, all groups): ") + (summary.isPartial
                ? "**partial**: " + summary.partialReasons.joined(separator: "; ")
                : "complete: every one of the \(summary.plan.plannedUnits) planned units read"),
            "- Unit files read: \(summary.unitFilesRead) (unusable, skipped: \(summary.skippedFiles.count); "
                + "incomplete, skipped: \(summary.incompleteFiles.count); "
                + "other files under units/, ignored: \(summary.ignoredFiles.count))",
            "- Prompts: \(summary.prompts) (replaced by a newer attempt: \(summary.promptsReplaced); "
                + "failed at run time, no tokens, not graded: \(summary.promptsFailed))",
            "- Tokens: \(summary.tokens) generated, \(summary.tokensUsed) used; excluded: "
                + "\(summary.excludedNaNCosine) with NaN nucleus cosine (one-token nucleus), "
                + "\(summary.excludedNonFinite) with non-finite entropy or cosine, "
                + "\(summary.excludedByFilter) by the original study's filter ("
                + (settings.filterOriginalStudy ? "on: entropy 0 or cosine 1 dropped" : "off") + ")",
            "- Bootstrap: \(settings.bootstrap.replicates) replicates resampled by prompt, seed \(settings.bootstrap.seed); "
                + "\(settings.binCount) entropy bins",
        ]
    }

    private static func simpleQASection(_ summary: ReduceSummary) -> [String] {
        var lines = [
            "",
            "## SimpleQA",
            "",
            "| model | dataset | technique | prompts | correct [95% CI] | incorrect [95% CI] | not attempted [95% CI] | correct given attempted [95% CI] | F-score | graded externally |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in summary.simpleQA {
            let cells = row.key.fields.map(cell) + [String(row.prompts)]
                + [row.correctRate, row.incorrectRate, row.notAttemptedRate, row.accuracyGivenAttempted].map(interval)
                + [number(row.fScore), String(row.externallyGraded)]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines += ["", "Grades by the rule of README \"SimpleQA grading\" unless `--grades` gave one; every graded prompt is in `simpleqa_prompts.csv`."]
        return lines
    }

    private static func accuracySection(_ summary: ReduceSummary) -> [String] {
        var lines = [
            "",
            "## GSM8K accuracy",
            "",
        ] + withSettingsColumn([
            "| model | dataset | technique | prompts | replaced by a rerun | still buggy | answered | correct | accuracy (answered) [95% CI] | accuracy (all) [95% CI] | mean H right / wrong | mean cosine right / wrong |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ], keys: summary.accuracy.map(\.key))
        for row in summary.accuracy {
            let cells = row.key.fields.map(cell)
                + [row.prompts, row.replacedByRerun, row.buggy, row.answered, row.correct].map(String.init)
                + [interval(row.accuracyAnswered), interval(row.accuracyAll),
                   "\(number(row.meanEntropyCorrect)) / \(number(row.meanEntropyWrong))",
                   "\(number(row.meanCosineCorrect)) / \(number(row.meanCosineWrong))"]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        let buggy = Set(summary.buggyPrompts.map { $0.key.fields + [String($0.row)] }).count
        lines += ["", buggy == 0
            ? "No buggy prompts: every completion has an extractable answer."
            : "\(buggy) buggy prompts (no extractable answer) are listed in `buggy_prompts_to_rerun.csv`: "
                + "`nucleus run JOB --rerun report/buggy_prompts_to_rerun.csv` runs them again as a new attempt, "
                + "and the next reduce keeps the newest attempt of each prompt."]
        if summary.accuracy.contains(where: { $0.ungraded > 0 }) {
            lines.append("Prompts whose reference has no numeric answer are not graded (column `ungraded` of accuracy.csv).")
        }
        if summary.reportFiles.contains(where: { $0.lastPathComponent == "accuracy.svg" }) {
            lines += ["", "![Accuracy by prompting technique](accuracy.svg)"]
        }
        return lines
    }

    private static func correlationSection(_ summary: ReduceSummary) -> [String] {
        var lines = [
            "",
            "## Entropy vs nucleus cosine",
            "",
        ] + withSettingsColumn([
            "| model | dataset | technique | prompts | tokens | used | excluded | Pearson r [95% CI] | p | Spearman ρ [95% CI] | p | Kendall τ-b [95% CI] | p | mean H (nats) | mean cosine | fit a, b, c | fit R² | peak 1/b | linear R² |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ], keys: summary.correlations.map(\.key))
        for row in summary.correlations {
            let fit = row.fit
            let fitCells = fit.problem == nil
                ? ["\(number(fit.a)), \(number(fit.b)), \(number(fit.c))", number(fit.rSquared), number(fit.peak)]
                : ["no fit: \(fit.problem.map { "\($0)" } ?? "")", "nan", "nan"]
            let cells = row.key.fields.map(cell)
                + [row.prompts, row.tokens, row.used, row.excluded].map(String.init)
                + [withInterval(row.pearson.statistic, row.bootstrap.pearson), number(row.pearson.pValue),
                   withInterval(row.spearman.statistic, row.bootstrap.spearman), number(row.spearman.pValue),
                   withInterval(row.kendall.statistic, row.bootstrap.kendall), number(row.kendall.pValue),
                   number(row.meanEntropy), number(row.meanCosine)]
                + fitCells + [number(row.linearModel.rSquared)]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        let undefined = undefinedLines(summary.correlations)
        if !undefined.isEmpty {
            lines += ["", "Undefined correlations (shown as nan):", ""] + undefined
        }
        for figure in summary.reportFiles where figure.lastPathComponent.hasPrefix("entropy_cosine") && figure.pathExtension == "svg" {
            lines += ["", "![Nucleus cosine vs entropy](\(figure.lastPathComponent))"]
        }
        return lines
    }

    /// The planned units no readable file holds (the plan is `job.json`).
    private static func completenessSection(_ summary: ReduceSummary) -> [String] {
        let missing = summary.plan.missingUnits
        guard !missing.isEmpty else { return [] }
        return ["", "## Missing units", "",
                "\(missing.count) of the \(summary.plan.plannedUnits) units planned in job.json were not read in full "
                    + "(resume the run with `nucleus run JOB` to compute them):", ""]
            + missing.map { "- " + $0.description }
    }

    /// Generation and analysis settings per row, as the unit files recorded them.
    private static func settingsSection(_ summary: ReduceSummary) -> [String] {
        guard !summary.rowSettings.isEmpty else { return [] }
        return ["", "## Settings", ""]
            + withSettingsColumn(["| model | dataset | technique | generation | analysis |", "|---|---|---|---|---|"],
                                 keys: summary.rowSettings.map(\.key))
            + summary.rowSettings.map { row in
                "| " + (row.key.fields + ["`\(row.generationJSON)`", "`\(row.analysisJSON)`"]).map(cell).joined(separator: " | ") + " |"
            }
    }

    /// A table's header and rule with a `settings` column after `technique` when the job has a
    /// settings axis (the rows' `key.fields` then have one more cell).
    private static func withSettingsColumn(_ headerAndRule: [String], keys: [CorrelationKey]) -> [String] {
        guard keys.contains(where: { !$0.settings.isEmpty }), headerAndRule.count == 2 else { return headerAndRule }
        return [headerAndRule[0].replacingOccurrences(of: "| technique |", with: "| technique | settings |"),
                headerAndRule[1].replacingOccurrences(of: "|---|---|---|", with: "|---|---|---|---|")]
    }

    private static func filesSection(_ summary: ReduceSummary) -> [String] {
        var lines: [String] = []
        let written = summary.reportFiles.map(\.lastPathComponent).filter { $0 != "summary.md" }
        if !written.isEmpty {
            lines += ["", "## Files", ""] + written.map { "- `\($0)`" } + summary.figureNotes.map { "- \($0)" }
        }
        let skipped = summary.skippedFiles.map { "- unusable, skipped: `\(relativePath($0.file, summary))`: \($0.reason)" }
            + summary.incompleteFiles.map { "- incomplete, skipped: `\(relativePath($0, summary))`" }
            + summary.ignoredFiles.map { "- ignored: `\(relativePath($0, summary))`" }
        if !skipped.isEmpty {
            lines += ["", "## Files not used", ""] + skipped
        }
        return lines
    }

    private static func definitions(_ settings: ReduceSettings) -> [String] {
        [
            "",
            "## Definitions",
            "",
            "- Entropy H = −Σ p ln p over the full vocabulary of the raw-logit softmax, in nats (natural log).",
            "- Nucleus cosine: mean cosine similarity over unordered pairs of the input-embedding rows of the "
                + "smallest set of top tokens with mass ≥ top-p; NaN when that set has one token, and such "
                + "tokens are excluded and counted above.",
            "- Each prompt (unit id, dataset row) counts once: its newest attempt. Sample indices are pooled.",
            "- p-values are two-sided: Pearson and Spearman from Student's t with n − 2 df; Kendall τ-b "
                + "exact without ties for n ≤ 33, else normal with tie-corrected variance (as scipy.stats). "
                + "Tokens of one prompt are not independent, so these p-values are optimistic; the 95% intervals "
                + "are percentile bootstrap intervals resampling whole prompts.",
            "- Binned medians: \(settings.binCount) equal-width bins between the smallest and largest entropy of "
                + "the used tokens; per bin the median and quartiles of cosine (binned_medians.csv). The fit "
                + "f(H) = a·H·e^(−bH) + c is a least-squares fit to the medians of the non-empty bins at their "
                + "centres (Levenberg–Marquardt); R² is over those points, and its curve peaks at H = 1/b. The "
                + "linear model regresses each used token's cosine on f(H).",
            "- Answers (GSM8K): the strict answer (`#### N`, or a JSON `{\"answer\": N}`; the first one) else the "
                + "last number in the completion; signs, thousands separators, decimals, `$` and `%` are "
                + "normalised. No answer at all: buggy (never correct). Correct: equal to the number after the "
                + "reference's `####`. Accuracy intervals are Wilson 95% intervals; mean H and cosine right / "
                + "wrong are over all generated tokens of the correct / answered-but-wrong prompts.",
            "- CSV files hold numbers to 10 significant digits; undefined values are `nan`.",
            "",
        ]
    }

    private static func undefinedLines(_ rows: [CorrelationRow]) -> [String] {
        rows.flatMap { row in
            [("Pearson", row.pearson), ("Spearman", row.spearman), ("Kendall", row.kendall)]
                .compactMap { name, result in
                    result.undefinedReason.map { "- \(row.key) \(name): \($0)" }
                }
        }
    }

    private static func number(_ value: Double) -> String { ReportNumber.markdown(value) }

    private static func withInterval(_ value: Double, _ interval: BootstrapInterval) -> String {
        "\(number(value)) [\(number(interval.lower)), \(number(interval.upper))]"
    }

    private static func interval(_ p: ProportionInterval) -> String {
        "\(number(p.proportion)) [\(number(p.lower)), \(number(p.upper))]"
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
