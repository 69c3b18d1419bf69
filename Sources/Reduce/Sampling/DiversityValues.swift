/// The text-diversity metrics of one set of completions (DESIGN §10 "Output diversity"), in the
/// order of the report's columns; nil where the metric is undefined for these texts.
public struct DiversityValues: Sendable, Equatable {
    public static let names = ["distinct_1", "distinct_2", "distinct_3", "distinct_4", "ngram_diversity",
                               "self_bleu", "compression_ratio", "self_repetition", "embedding_cosine", "vendi"]

    /// One value per name in `names`.
    public var values: [Double?]

    /// - Parameter embeddings: eᵢ of the completions whose mean embedding the unit files store and
    ///   is defined (files written before it, and completions without tokens, have none); the
    ///   embedding metrics are over these only, nil when there are none (cosine: fewer than two).
    public init(_ completions: [String], embeddings: [[Double]] = []) {
        values = (1...4).map { OutputDiversity.distinct($0, of: completions) } + [
            OutputDiversity.ngramDiversityScore(completions),
            // Self-BLEU and self-repetition compare completions with each other: one alone has no others.
            completions.count < 2 ? nil : OutputDiversity.selfBLEU(completions),
            OutputDiversity.compressionRatio(completions),
            completions.count < 2 ? nil : OutputDiversity.selfRepetition(completions),
            OutputDiversity.meanPairwiseCosine(embeddings),
            OutputDiversity.vendiScore(embeddings),
        ]
    }

    public func value(_ name: String) -> Double? {
        Self.names.firstIndex(of: name).flatMap { values[$0] }
    }
}
