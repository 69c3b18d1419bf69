/// Entropy vs nucleus cosine over the tokens of one (model, dataset, technique): correlations
/// with by-prompt bootstrap intervals, binned medians, the decay fit and the linear model.
public struct CorrelationRow: Sendable, Equatable {
    public var key: CorrelationKey
    /// Prompts (after merging attempts) and their generated tokens.
    public var prompts: Int
    public var tokens: Int
    /// Tokens that entered the statistics.
    public var used: Int
    /// Tokens whose nucleus cosine is NaN (a one-token nucleus has no pairs).
    public var excludedNaNCosine: Int
    /// Tokens with NaN or infinite entropy, or infinite cosine (none expected; counted, not dropped silently).
    public var excludedNonFinite: Int
    /// Tokens the original study's filter dropped (all zero when the filter is off).
    public var excludedByFilter: StudyFilterCounts
    public var pearson: CorrelationResult
    public var spearman: CorrelationResult
    public var kendall: CorrelationResult
    public var bootstrap: CorrelationBootstrap
    /// Means over the used tokens (NaN when none): entropy in nats, cosine unitless.
    public var meanEntropy: Double
    public var meanCosine: Double
    public var bins: [EntropyBin]
    public var fit: DecayFit
    /// Cosine regressed on the fitted f(H) over the used tokens.
    public var linearModel: LinearFit

    public var excluded: Int { excludedNaNCosine + excludedNonFinite + excludedByFilter.dropped }

    static func compute(key: CorrelationKey, prompts: [PromptTokens], settings: ReduceSettings) -> CorrelationRow {
        var clusters: [ClusterPairs] = []
        var tokens = 0, nanCosine = 0, nonFinite = 0
        var filtered = StudyFilterCounts()
        for prompt in prompts {
            var entropy: [Double] = [], cosine: [Double] = []
            for (h, c) in zip(prompt.entropy, prompt.nucleusCosine) {
                tokens += 1
                if c.isNaN {
                    nanCosine += 1
                } else if !h.isFinite || !c.isFinite {
                    nonFinite += 1
                } else {
                    entropy.append(h)
                    cosine.append(c)
                }
            }
            if settings.filterOriginalStudy {
                let kept = Statistics.studyFilter(entropy: entropy, cosine: cosine)
                (entropy, cosine) = (kept.entropy, kept.cosine)
                filtered = filtered + kept.counts
            }
            clusters.append(ClusterPairs(x: entropy, y: cosine))
        }
        let entropy = clusters.flatMap(\.x), cosine = clusters.flatMap(\.y)
        let bins = Statistics.binnedMedians(entropy: entropy, cosine: cosine, binCount: settings.binCount)
        let fit = Statistics.fitDecay(bins: bins)
        return CorrelationRow(
            key: key, prompts: prompts.count, tokens: tokens, used: entropy.count, excludedNaNCosine: nanCosine,
            excludedNonFinite: nonFinite, excludedByFilter: filtered,
            pearson: Statistics.pearson(entropy, cosine),
            spearman: Statistics.spearman(entropy, cosine),
            kendall: Statistics.kendallTauB(entropy, cosine),
            bootstrap: Statistics.clusterBootstrap(clusters, options: settings.bootstrap),
            meanEntropy: entropy.compensatedMean(), meanCosine: cosine.compensatedMean(),
            bins: bins, fit: fit, linearModel: fit.linearModel(entropy: entropy, cosine: cosine))
    }
}
