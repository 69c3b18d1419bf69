import Foundation
import Store

/// One cell of a scoring study (DESIGN §10 "Scoring"): its documents' scored positions, mean
/// per-position entropy, perplexity over all of them, and — when the units stored distribution
/// sums — the entropy of the average distribution p̄ and its most probable tokens.
public struct ScoringRow: Sendable, Equatable {
    public var key: CorrelationKey
    public var documents: Int
    /// Tokens of the documents (n per document) and the positions scored (n − 1 per document).
    public var tokens: Int
    public var positions: Int
    /// Mean of H(p_t) over every scored position.
    public var meanEntropy: Double
    /// exp(−Σ logprob / positions) over every scored position of the cell.
    public var perplexity: Double
    public var average: AverageDistribution?

    /// p̄ = Σ p_t / positions over the units that stored their sum.
    public struct AverageDistribution: Sendable, Equatable {
        public var positions: Int
        /// H(p̄) in nats.
        public var entropy: Double
        /// The most probable tokens of p̄, most probable first (ties by lower id).
        public var top: [Token]
    }

    public struct Token: Sendable, Equatable {
        public var id: Int
        public var text: String
        public var probability: Double
    }

    /// How many tokens of p̄ the report lists per cell.
    public static let topCount = 100

    static func compute(key: CorrelationKey, documents: [ScoringMerge.Document], sums: [DistributionSumRecord]) -> ScoringRow {
        let positions = documents.reduce(0) { $0 + $1.positions }
        let logprobSum = documents.map(\.logprobSum).compensatedSum()
        let entropySum = documents.map(\.entropySum).compensatedSum()
        return ScoringRow(
            key: key, documents: documents.count, tokens: documents.reduce(0) { $0 + $1.tokens }, positions: positions,
            meanEntropy: positions == 0 ? .nan : entropySum / Double(positions),
            perplexity: positions == 0 ? .nan : exp(-logprobSum / Double(positions)),
            average: average(of: sums))
    }

    /// Sums the units' Σ p_t (in unit-id order) and normalises; nil when no unit stored one or
    /// their vocabularies disagree.
    private static func average(of sums: [DistributionSumRecord]) -> AverageDistribution? {
        guard let first = sums.first, let vocabulary = Optional(first.probabilitySum.count), vocabulary > 0,
              sums.allSatisfy({ $0.probabilitySum.count == vocabulary }) else { return nil }
        var total = [Double](repeating: 0, count: vocabulary)
        var positions = 0
        for sum in sums {
            for v in 0..<vocabulary { total[v] += sum.probabilitySum[v] }
            positions += sum.positions
        }
        guard positions > 0 else { return nil }
        let mean = total.map { $0 / Double(positions) }
        let entropy = -mean.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
        let top = mean.indices.sorted { (mean[$0], $1) > (mean[$1], $0) }.prefix(topCount)
        return AverageDistribution(positions: positions, entropy: entropy, top: top.map {
            Token(id: $0, text: first.tokenText[$0], probability: mean[$0])
        })
    }
}

/// One scored document of the report's per-document table.
public struct ScoredDocumentRow: Sendable, Equatable {
    public var key: CorrelationKey
    public var unitID: String
    public var row: Int
    public var tokens: Int
    public var positions: Int
    public var meanEntropy: Double
    public var perplexity: Double

    init(_ document: ScoringMerge.Document) {
        key = document.key
        unitID = document.unitID
        row = document.row
        tokens = document.tokens
        positions = document.positions
        meanEntropy = document.positions == 0 ? .nan : document.entropySum / Double(document.positions)
        perplexity = document.positions == 0 ? .nan : exp(-document.logprobSum / Double(document.positions))
    }
}

extension ScoringMerge {
    /// The cells' rows, sorted, and every document.
    func summarize() -> (rows: [ScoringRow], documents: [ScoredDocumentRow]) {
        let documents = mergedDocuments()
        let sums = mergedDistributions()
        let rows = Dictionary(grouping: documents, by: \.key)
            .map { ScoringRow.compute(key: $0.key, documents: $0.value, sums: sums[$0.key] ?? []) }
            .sorted { $0.key < $1.key }
        return (rows, documents.map(ScoredDocumentRow.init))
    }
}
