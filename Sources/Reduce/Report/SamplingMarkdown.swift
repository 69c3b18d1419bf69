import Foundation

/// The sampling study's section of `report/summary.md`: one line per cell.
enum SamplingMarkdown {
    static func section(_ study: SamplingStudy, figures: [URL]) -> [String] {
        let hasSettings = study.cells.contains { !$0.key.settings.isEmpty }
        var lines = [
            "",
            "## Samples: diversity, determinism, self-consistency",
            "",
            "Per cell (all columns in `sampling_cells.csv`, per prompt in `sampling_prompts.csv`); "
                + "determinism columns are means over prompts with 95% intervals from resampling prompts.",
            "",
            "| model | dataset | technique |" + (hasSettings ? " settings |" : "")
                + " prompts | samples | distinct-2 | n-gram diversity | self-BLEU | compression | embedding cosine | Vendi | modal share [95% CI] | exact match [95% CI] | first divergence | majority acc. | single-sample acc. |",
            "|---|---|---|" + (hasSettings ? "---|" : "") + "---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in study.cells {
            func number(_ value: Double?) -> String { ReportNumber.markdown(value ?? .nan) }
            func interval(_ mean: SamplingCellRow.Mean?) -> String {
                guard let mean else { return "nan" }
                return "\(number(mean.value)) [\(number(mean.interval.lower)), \(number(mean.interval.upper))]"
            }
            let cells = row.key.fields + [String(row.prompts), String(row.samplesPerPrompt),
                                          number(row.diversity.value("distinct_2")),
                                          number(row.diversity.value("ngram_diversity")),
                                          number(row.diversity.value("self_bleu")),
                                          number(row.diversity.value("compression_ratio")),
                                          number(row.diversity.value("embedding_cosine")),
                                          number(row.diversity.value("vendi")),
                                          interval(row.mean("modal_share")), interval(row.mean("pairwise_exact_match")),
                                          number(row.mean("first_divergence_mean")?.value),
                                          row.selfConsistency.map { number($0.majorityAccuracy.value) } ?? "",
                                          row.selfConsistency.map { number($0.singleSampleAccuracy.value) } ?? ""]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        for figure in figures where figure.lastPathComponent.hasPrefix("sampling_") && figure.pathExtension == "svg" {
            lines += ["", "![\(figure.deletingPathExtension().lastPathComponent)](\(figure.lastPathComponent))"]
        }
        return lines
    }
}
