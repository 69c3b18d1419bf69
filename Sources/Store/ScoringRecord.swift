/// What a `task: score` unit adds to its file (README "Scoring"): per document its perplexity, and
/// with `analysis.average_distribution` the unit's Σ p_t. Generation units have none
/// (`UnitRecord.scoring == nil`, no `task` root attribute).
public struct ScoringRecord: Sendable, Equatable {
    /// exp(−Σ logprob / T) over each prompt's T scored positions; NaN when T = 0. One per prompt.
    public var perplexity: [Double]
    public var averageDistribution: DistributionSumRecord?

    public init(perplexity: [Double], averageDistribution: DistributionSumRecord? = nil) {
        self.perplexity = perplexity
        self.averageDistribution = averageDistribution
    }

    /// NaN equals NaN, so a file read back compares equal to what was written.
    public static func == (a: ScoringRecord, b: ScoringRecord) -> Bool {
        a.perplexity.count == b.perplexity.count
            && zip(a.perplexity, b.perplexity).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            && a.averageDistribution == b.averageDistribution
    }
}

/// Σ p_t (float64, one entry per vocabulary id) over a unit's scored positions, their count, and
/// each id's text, so a reducer without the model can name the tokens of the average distribution.
public struct DistributionSumRecord: Sendable, Equatable {
    public var probabilitySum: [Double]
    public var positions: Int
    /// The token text of every vocabulary id (same length as `probabilitySum`).
    public var tokenText: [String]

    public init(probabilitySum: [Double], positions: Int, tokenText: [String]) {
        self.probabilitySum = probabilitySum
        self.positions = positions
        self.tokenText = tokenText
    }
}

extension UnitRecord {
    /// Why the scoring part disagrees with the prompts, or nil.
    func scoringProblem() -> String? {
        guard let scoring else { return nil }
        guard scoring.perplexity.count == prompts.count else {
            return "scoring has \(scoring.perplexity.count) perplexities for \(prompts.count) prompts"
        }
        if let sum = scoring.averageDistribution {
            guard sum.tokenText.count == sum.probabilitySum.count else {
                return "the distribution sum has \(sum.probabilitySum.count) entries but \(sum.tokenText.count) token texts"
            }
            guard sum.positions >= 0 else { return "the distribution sum counts \(sum.positions) positions" }
        }
        return nil
    }
}
