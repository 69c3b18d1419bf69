/// The ranking part of a reduce: the tables of `RankingAnalysis`, and the Kendall τ comparison
/// with an external table when `--compare-ranking` names one.
public struct RankingSummary: Sendable, Equatable {
    /// `finish_reason` of a filled template in `/prompts` (no tokens were generated for it).
    public static let finishReason = "ranked"

    public var analysis: RankingAnalysis
    /// Filled-template × candidate scores read (after merging attempts).
    public var scores: Int
    /// The file compared with, and the comparison; nil without `--compare-ranking`.
    public var comparisonFile: String?
    public var comparison: [RankingComparisonRow]?

    init(_ scores: [RankingScore]) {
        analysis = RankingAnalysis(scores)
        self.scores = scores.count
    }

    /// Adds the comparison with the table at `path`, checked against this ranking's candidates and groups.
    mutating func compare(with path: String) throws {
        let table = try ExternalRankingTable(path: path, candidates: Set(analysis.ranked.map(\.candidate)),
                                             groups: Set(analysis.ranked.map(\.key.group)))
        comparisonFile = path
        comparison = RankingComparison.compare(analysis.ranked, with: table)
    }
}

extension RankingSummary {
    /// Gives `summary` the ranking of `collection` (and its comparison when the settings name a
    /// table). A comparison asked for without any ranking is an error, not a silent no-op.
    static func attach(_ collection: RankingCollection, to summary: inout ReduceSummary) throws {
        let compareWith = summary.settings.compareRanking
        guard !collection.isEmpty else {
            if let compareWith {
                throw ExternalRankingTableError(file: compareWith, line: nil,
                                                message: "--compare-ranking needs unit files of a task: rank dataset; \(summary.resultsFolder.path) has none")
            }
            return
        }
        var ranking = RankingSummary(collection.merged())
        if let compareWith { try ranking.compare(with: compareWith) }
        summary.ranking = ranking
    }
}
