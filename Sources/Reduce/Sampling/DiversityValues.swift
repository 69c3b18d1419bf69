/// The text-diversity metrics of one set of completions (DESIGN §10 "Output diversity"), in the
/// order of the report's columns; nil where the metric is undefined for these texts.
public struct DiversityValues: Sendable, Equatable {
    public static let names = ["distinct_1", "distinct_2", "distinct_3", "distinct_4", "ngram_diversity",
                               "self_bleu", "compression_ratio", "self_repetition"]

    /// One value per name in `names`.
    public var values: [Double?]

    public init(_ completions: [String]) {
        values = (1...4).map { OutputDiversity.distinct($0, of: completions) } + [
            OutputDiversity.ngramDiversityScore(completions),
            // Self-BLEU and self-repetition compare completions with each other: one alone has no others.
            completions.count < 2 ? nil : OutputDiversity.selfBLEU(completions),
            OutputDiversity.compressionRatio(completions),
            completions.count < 2 ? nil : OutputDiversity.selfRepetition(completions),
        ]
    }

    public func value(_ name: String) -> Double? {
        Self.names.firstIndex(of: name).flatMap { values[$0] }
    }
}
