/// One cell — model × dataset × technique × settings — of the sampling study: diversity over all
/// completions of all its prompts, and the determinism and self-consistency of its prompts
/// averaged over prompts with percentile intervals from resampling prompts
/// (`Statistics.promptMeanInterval`). A line of `report/sampling_cells.csv`.
public struct SamplingCellRow: Sendable, Equatable {
    /// Per-prompt quantities averaged over the cell's prompts, in column order.
    public static let meanNames = ["distinct_completions", "modal_share", "pairwise_exact_match",
                                   "first_divergence_mean", "first_divergence_median", "prompt_ngram_diversity",
                                   "prompt_self_bleu", "agreement_with_unperturbed", "answer_agreement_with_unperturbed"]

    public var key: CorrelationKey
    public var prompts: Int
    public var completions: Int
    /// Samples per prompt (the largest count among its prompts).
    public var samplesPerPrompt: Int
    /// Diversity over every completion of the cell pooled.
    public var diversity: DiversityValues
    /// One mean per name in `meanNames`, over the prompts where the quantity is defined.
    public var means: [Mean]
    /// Nil unless the cell's references have numeric (GSM8K) answers.
    public var selfConsistency: SelfConsistency?

    public struct Mean: Sendable, Equatable {
        public var value: Double
        public var interval: BootstrapInterval
        /// Prompts where the quantity is defined (e.g. first divergence needs two different samples).
        public var prompts: Int
    }

    public struct SelfConsistency: Sendable, Equatable {
        public var prompts: Int
        /// Share of prompts whose majority answer is correct.
        public var majorityAccuracy: Mean
        /// Mean over prompts of the share of correct samples.
        public var singleSampleAccuracy: Mean
    }

    /// - Parameter embeddings: eᵢ of the completions that have one (see `DiversityValues`).
    init(key: CorrelationKey, rows: [PromptSamplingRow], completions: [String], embeddings: [[Double]] = [],
         bootstrap: BootstrapOptions) {
        self.key = key
        prompts = rows.count
        self.completions = completions.count
        samplesPerPrompt = rows.map(\.samples).max() ?? 0
        diversity = DiversityValues(completions, embeddings: embeddings)
        func mean(_ values: [Double?]) -> Mean {
            let defined = values.compactMap { $0 }.filter(\.isFinite)
            return Mean(value: defined.compensatedMean(),
                        interval: Statistics.promptMeanInterval(defined, options: bootstrap), prompts: defined.count)
        }
        means = [
            mean(rows.map { Double($0.agreement.distinctCompletions) }),
            mean(rows.map(\.agreement.modalShare)),
            mean(rows.map(\.agreement.pairwiseExactMatch)),
            mean(rows.map(\.agreement.firstDivergenceMean)),
            mean(rows.map(\.agreement.firstDivergenceMedian)),
            mean(rows.map { $0.diversity.value("ngram_diversity") }),
            mean(rows.map { $0.diversity.value("self_bleu") }),
            mean(rows.map { $0.unperturbed?.exact }),
            mean(rows.map { $0.unperturbed?.answer }),
        ]
        let graded = rows.compactMap(\.selfConsistency)
        if !graded.isEmpty {
            selfConsistency = SelfConsistency(
                prompts: graded.count, majorityAccuracy: mean(graded.map { $0.majorityCorrect ? 1 : 0 }),
                singleSampleAccuracy: mean(graded.map(\.singleSampleAccuracy)))
        }
    }

    public func mean(_ name: String) -> Mean? {
        Self.meanNames.firstIndex(of: name).map { means[$0] }
    }
}

/// The sampling study of a reduce: per prompt and per cell. Computed when some prompt of the
/// results has two or more samples or a perturbation (otherwise there is nothing to compare).
public struct SamplingStudy: Sendable, Equatable {
    public var prompts: [PromptSamplingRow]
    public var cells: [SamplingCellRow]

    /// `merged`: every merged prompt of the reduce (failed ones are left out per prompt).
    static func compute(_ merged: [PromptTokens], bootstrap: BootstrapOptions) -> SamplingStudy? {
        struct PromptID: Hashable {
            var key: CorrelationKey
            var row: Int
        }
        let byPrompt = Dictionary(grouping: merged) { PromptID(key: $0.key, row: $0.row) }
        guard byPrompt.values.contains(where: { $0.count > 1 }) || merged.contains(where: { !$0.perturbation.isEmpty }) else {
            return nil
        }
        var promptRows = byPrompt.compactMap { PromptSamplingRow(key: $0.key.key, row: $0.key.row, prompts: $0.value) }
            .sorted { ($0.key, $0.row) < ($1.key, $1.row) }
        let rowIndex = Dictionary(promptRows.enumerated().map { (PromptID(key: $1.key, row: $1.row), $0) },
                                  uniquingKeysWith: { first, _ in first })
        let bases = Dictionary(merged.filter { !$0.perturbationBase.isEmpty }.map { ($0.key, $0.perturbationBase) },
                               uniquingKeysWith: { first, _ in first })
        for index in promptRows.indices {
            let row = promptRows[index]
            guard let base = bases[row.key] else { continue }
            var baseKey = row.key
            baseKey.technique = base
            guard let baseIndex = rowIndex[PromptID(key: baseKey, row: row.row)] else { continue }
            let reference = promptRows[baseIndex]
            let answer: Double? = row.selfConsistency == nil ? nil
                : Double(row.sampleAnswers.count { $0 != nil && $0 == reference.modalAnswer }) / Double(row.samples)
            promptRows[index].unperturbed = PromptSamplingRow.UnperturbedAgreement(
                exact: CompletionAgreement.agreement(of: row.sampleTokenIDs, with: reference.agreement.modalCompletion) ?? .nan,
                answer: answer)
        }
        let cells = Dictionary(grouping: promptRows, by: \.key).map { key, rows in
            let pooled = merged.filter { $0.key == key && !$0.prompt.failed }.sorted { ($0.row, $0.sample) < ($1.row, $1.sample) }
            return SamplingCellRow(key: key, rows: rows, completions: pooled.map(\.prompt.completionText),
                                   embeddings: pooled.compactMap(\.embeddingMean), bootstrap: bootstrap)
        }.sorted { $0.key < $1.key }
        return SamplingStudy(prompts: promptRows, cells: cells)
    }
}
