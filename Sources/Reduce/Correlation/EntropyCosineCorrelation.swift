/// Entropy vs nucleus cosine over the tokens of one (model, dataset, technique).
public struct CorrelationRow: Sendable, Equatable {
    public var key: CorrelationKey
    /// Generated tokens of the merged prompts.
    public var tokens: Int
    /// Tokens that entered the correlation.
    public var used: Int
    /// Tokens whose nucleus cosine is NaN (a one-token nucleus has no pairs).
    public var excludedNaNCosine: Int
    /// Tokens with NaN or infinite entropy, or infinite cosine (none expected; counted, not dropped silently).
    public var excludedNonFinite: Int
    public var pearson: CorrelationResult
    public var spearman: CorrelationResult
    public var kendall: CorrelationResult
    /// Means over the used tokens (NaN when none): entropy in nats, cosine unitless.
    public var meanEntropy: Double
    public var meanCosine: Double

    /// Correlates entropy with nucleus cosine over `prompts`, excluding and counting tokens
    /// whose cosine is NaN or whose values are not finite.
    static func compute(key: CorrelationKey, prompts: [PromptTokens]) -> CorrelationRow {
        var entropy: [Double] = [], cosine: [Double] = []
        var tokens = 0, nanCosine = 0, nonFinite = 0
        for prompt in prompts {
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
        }
        return CorrelationRow(
            key: key, tokens: tokens, used: entropy.count, excludedNaNCosine: nanCosine,
            excludedNonFinite: nonFinite,
            pearson: Statistics.pearson(entropy, cosine),
            spearman: Statistics.spearman(entropy, cosine),
            kendall: Statistics.kendallTauB(entropy, cosine),
            meanEntropy: entropy.compensatedMean(), meanCosine: cosine.compensatedMean())
    }
}
