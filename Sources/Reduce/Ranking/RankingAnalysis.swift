import Foundation

/// Where a ranking is made: one model on one dataset and technique, one template, one group.
public struct RankingKey: Sendable, Hashable, Comparable {
    public var model: String
    public var dataset: String
    public var technique: String
    public var templateID: String
    public var group: String

    public static func < (a: RankingKey, b: RankingKey) -> Bool {
        (a.model, a.dataset, a.technique, a.templateID, a.group) < (b.model, b.dataset, b.technique, b.templateID, b.group)
    }
}

/// A candidate's place in one ranking. Its score is the mean over the group's surface forms of
/// the summed log-probabilities (likewise the mean per token, token count and first logit).
public struct RankedCandidate: Sendable, Equatable {
    public var key: RankingKey
    public var candidate: String
    public var score: Double
    public var meanScore: Double
    public var nTokens: Double
    public var firstLogit: Double
    /// Surface forms averaged.
    public var forms: Int
    /// 1 = highest score; ties share the lowest rank (1, 2, 2, 4).
    public var rank: Int
}

/// Top and bottom counts of a candidate for one group over the templates.
public struct TopBottomCount: Sendable, Equatable {
    public var model: String
    public var dataset: String
    public var technique: String
    public var group: String
    public var candidate: String
    public var templates: Int
    /// Templates where it has rank 1 (shared first places count for every candidate sharing them).
    public var top: Int
    /// Templates where its score is the lowest (shared last places count likewise).
    public var bottom: Int
}

/// How much a candidate's score and rank for one group move between templates.
public struct TemplateVariation: Sendable, Equatable {
    public var model: String
    public var dataset: String
    public var technique: String
    public var candidate: String
    public var group: String
    public var templates: Int
    /// Mean over unordered template pairs of |score difference|; NaN with fewer than two templates.
    public var scoreMeanAbsoluteDifference: Double
    /// Mean over unordered template pairs of |rank difference|; NaN with fewer than two templates.
    public var rankMeanAbsoluteDifference: Double
}

/// The ranking tables of a reduce.
public struct RankingAnalysis: Sendable, Equatable {
    /// Sorted by key, then rank, then candidate.
    public var ranked: [RankedCandidate]
    public var topBottom: [TopBottomCount]
    public var variation: [TemplateVariation]

    public init(_ scores: [RankingScore]) {
        ranked = Self.rank(scores)
        topBottom = Self.topBottom(ranked)
        variation = Self.variation(ranked)
    }

    static func rank(_ scores: [RankingScore]) -> [RankedCandidate] {
        struct Entry: Hashable { var key: RankingKey, candidate: String }
        let byEntry = Dictionary(grouping: scores) { score in
            Entry(key: RankingKey(model: score.model, dataset: score.dataset, technique: score.technique,
                                  templateID: score.templateID, group: score.group), candidate: score.candidate)
        }
        let averaged = byEntry.map { entry, forms -> RankedCandidate in
            let n = Double(forms.count)
            return RankedCandidate(
                key: entry.key, candidate: entry.candidate, score: forms.map(\.score).reduce(0, +) / n,
                meanScore: forms.map(\.meanScore).reduce(0, +) / n, nTokens: Double(forms.map(\.nTokens).reduce(0, +)) / n,
                firstLogit: forms.map(\.firstLogit).reduce(0, +) / n, forms: forms.count, rank: 0)
        }
        var ranked: [RankedCandidate] = []
        for (_, group) in Dictionary(grouping: averaged, by: \.key).sorted(by: { $0.key < $1.key }) {
            let ranks = competitionRanks(group.map(\.score))
            ranked += zip(group, ranks).map { candidate, rank in
                var candidate = candidate
                candidate.rank = rank
                return candidate
            }.sorted { ($0.rank, $0.candidate) < ($1.rank, $1.candidate) }
        }
        return ranked
    }

    /// Standard competition ranks, highest value first: 1 + the number of strictly greater values.
    /// NaN scores (a failed row) rank last.
    static func competitionRanks(_ values: [Double]) -> [Int] {
        values.map { value in
            guard !value.isNaN else { return values.count { !$0.isNaN } + 1 }
            return 1 + values.count { $0 > value }
        }
    }

    static func topBottom(_ ranked: [RankedCandidate]) -> [TopBottomCount] {
        struct Key: Hashable, Comparable {
            var model, dataset, technique, group, candidate: String
            static func < (a: Key, b: Key) -> Bool {
                (a.model, a.dataset, a.technique, a.group, a.candidate) < (b.model, b.dataset, b.technique, b.group, b.candidate)
            }
        }
        let worst = Dictionary(grouping: ranked, by: \.key).mapValues { $0.map(\.score).filter { !$0.isNaN }.min() }
        var counts: [Key: TopBottomCount] = [:]
        for entry in ranked {
            let key = Key(model: entry.key.model, dataset: entry.key.dataset, technique: entry.key.technique,
                          group: entry.key.group, candidate: entry.candidate)
            var count = counts[key] ?? TopBottomCount(model: key.model, dataset: key.dataset, technique: key.technique,
                                                      group: key.group, candidate: key.candidate, templates: 0, top: 0, bottom: 0)
            count.templates += 1
            if entry.rank == 1 && !entry.score.isNaN { count.top += 1 }
            if let lowest = worst[entry.key] ?? nil, entry.score == lowest { count.bottom += 1 }
            counts[key] = count
        }
        return counts.sorted { $0.key < $1.key }.map(\.value)
    }

    static func variation(_ ranked: [RankedCandidate]) -> [TemplateVariation] {
        struct Key: Hashable, Comparable {
            var model, dataset, technique, candidate, group: String
            static func < (a: Key, b: Key) -> Bool {
                (a.model, a.dataset, a.technique, a.candidate, a.group) < (b.model, b.dataset, b.technique, b.candidate, b.group)
            }
        }
        let byKey = Dictionary(grouping: ranked) {
            Key(model: $0.key.model, dataset: $0.key.dataset, technique: $0.key.technique, candidate: $0.candidate, group: $0.key.group)
        }
        return byKey.sorted { $0.key < $1.key }.map { key, entries in
            let entries = entries.sorted { $0.key.templateID < $1.key.templateID }
            var scoreSum = 0.0, rankSum = 0.0, pairs = 0
            for i in entries.indices {
                for j in entries.indices where j > i {
                    scoreSum += abs(entries[i].score - entries[j].score)
                    rankSum += Double(abs(entries[i].rank - entries[j].rank))
                    pairs += 1
                }
            }
            return TemplateVariation(
                model: key.model, dataset: key.dataset, technique: key.technique, candidate: key.candidate, group: key.group,
                templates: entries.count, scoreMeanAbsoluteDifference: pairs > 0 ? scoreSum / Double(pairs) : .nan,
                rankMeanAbsoluteDifference: pairs > 0 ? rankSum / Double(pairs) : .nan)
        }
    }
}
