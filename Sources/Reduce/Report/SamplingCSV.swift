/// `report/sampling_cells.csv` and `report/sampling_prompts.csv`: diversity, determinism and
/// self-consistency of the samples (see `SamplingStudy`), numbers as `ReportNumber.csv` (`nan`
/// where undefined).
enum SamplingCSV {
    static func renderCells(_ rows: [SamplingCellRow]) -> String {
        let meanColumns = SamplingCellRow.meanNames.flatMap { ["\($0)", "\($0)_low", "\($0)_high"] }
        let columns = CorrelationKey.columns(["model", "dataset", "technique"], for: rows.map(\.key))
            + ["prompts", "completions", "samples_per_prompt"] + DiversityValues.names + meanColumns
            + ["graded_prompts", "majority_accuracy", "majority_accuracy_low", "majority_accuracy_high",
               "single_sample_accuracy", "single_sample_accuracy_low", "single_sample_accuracy_high"]
        var csv = CSVText(columns: columns)
        for row in rows {
            let means = row.means.flatMap { [$0.value, $0.interval.lower, $0.interval.upper] }
            let consistency = row.selfConsistency.map { c in
                [String(c.prompts)] + [c.majorityAccuracy, c.singleSampleAccuracy]
                    .flatMap { [$0.value, $0.interval.lower, $0.interval.upper] }.map(ReportNumber.csv)
            } ?? ["0"] + Array(repeating: "", count: 6)
            csv.append(row.key.fields + [row.prompts, row.completions, row.samplesPerPrompt].map(String.init)
                + row.diversity.values.map(number) + means.map(ReportNumber.csv) + consistency)
        }
        return csv.text
    }

    static func renderPrompts(_ rows: [PromptSamplingRow]) -> String {
        let columns = CorrelationKey.columns(["model", "dataset", "technique"], for: rows.map(\.key))
            + ["row", "samples", "distinct_completions", "modal_share", "pairwise_exact_match", "identical_pairs",
               "first_divergence_mean", "first_divergence_median"] + DiversityValues.names
            + ["majority_answer", "majority_correct", "single_sample_accuracy", "perturbation",
               "agreement_with_unperturbed", "answer_agreement_with_unperturbed"]
        var csv = CSVText(columns: columns)
        for row in rows {
            let agreement = row.agreement
            csv.append(row.key.fields + [String(row.row), String(row.samples), String(agreement.distinctCompletions),
                                         ReportNumber.csv(agreement.modalShare), number(agreement.pairwiseExactMatch),
                                         String(agreement.identicalPairs), number(agreement.firstDivergenceMean),
                                         number(agreement.firstDivergenceMedian)]
                + row.diversity.values.map(number)
                + [row.selfConsistency?.majorityAnswer ?? "", row.selfConsistency.map { String($0.majorityCorrect) } ?? "",
                   row.selfConsistency.map { ReportNumber.csv($0.singleSampleAccuracy) } ?? "", row.perturbation,
                   row.unperturbed.map { ReportNumber.csv($0.exact) } ?? "", row.unperturbed.map { number($0.answer) } ?? ""])
        }
        return csv.text
    }

    private static func number(_ value: Double?) -> String { ReportNumber.csv(value ?? .nan) }
}

extension ReportTables {
    /// Per cell: pooled diversity, mean modal share and exact-match rate with intervals, and
    /// majority-vote beside single-sample accuracy where graded.
    static func sampling(_ rows: [SamplingCellRow]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("dataset"), .init("technique / settings"), .init("prompts", .right),
            .init("distinct-2", .right), .init("self-BLEU", .right), .init("compression", .right), .init("Vendi", .right),
            .init("modal share [95\\% CI]", .right), .init("exact match [95\\% CI]", .right),
            .init("majority acc.", .right), .init("single-sample acc.", .right),
        ])
        for row in rows {
            let withInterval = { (mean: SamplingCellRow.Mean?) -> LaTeXTable.Cell in
                guard let mean else { return .text("--") }
                return .text("\(fixed(mean.value)) [\(fixed(mean.interval.lower)), \(fixed(mean.interval.upper))]")
            }
            try? table.appendRow([
                .text(row.key.model), .text(row.key.dataset), .text(row.key.techniqueAndSettings),
                .text(String(row.prompts)), .text(fixed(row.diversity.value("distinct_2") ?? .nan)),
                .text(fixed(row.diversity.value("self_bleu") ?? .nan)),
                .text(fixed(row.diversity.value("compression_ratio") ?? .nan)),
                .text(row.diversity.value("vendi").map { fixed($0) } ?? "--"),
                withInterval(row.mean("modal_share")), withInterval(row.mean("pairwise_exact_match")),
                .text(row.selfConsistency.map { fixed($0.majorityAccuracy.value) } ?? "--"),
                .text(row.selfConsistency.map { fixed($0.singleSampleAccuracy.value) } ?? "--"),
            ])
        }
        return table.render()
    }
}
