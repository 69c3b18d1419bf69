import Foundation
import Store

/// The scoring parts of `task: score` unit files, newest attempt first, as `AttemptMerge` keeps
/// prompts: per (unit id, row) a document's logprob and entropy sums, per unit id its distribution
/// sum (the newest attempt's: scored units are never rerun row by row, nothing is buggy in them).
struct ScoringMerge {
    struct Document: Sendable, Equatable {
        var key: CorrelationKey
        var unitID: String
        var row: Int
        var attempt: Int
        var tokens: Int
        var positions: Int
        var logprobSum: Double
        var entropySum: Double
    }

    struct UnitDistribution {
        var key: CorrelationKey
        var attempt: Int
        var sum: DistributionSumRecord
    }

    private var documents: [String: [Int: Document]] = [:]
    private var distributions: [String: UnitDistribution] = [:]

    /// Refuses a scored record whose logprob column or perplexities disagree with its prompts
    /// (the caller skips and reports the file, as for `AttemptMerge`).
    static func check(_ record: UnitRecord, from source: URL) throws {
        guard let scoring = record.scoring else { return }
        let tokenCount = record.tokenOffsets[record.tokenOffsets.count - 1]
        guard record.tokens.logprob.count == tokenCount, scoring.perplexity.count == record.prompts.count else {
            throw ReduceError.inconsistentRecord(
                path: source.path,
                problem: "a scored unit with \(record.prompts.count) documents and \(tokenCount) positions has "
                    + "\(record.tokens.logprob.count) logprobs and \(scoring.perplexity.count) perplexities")
        }
    }

    /// Adds a record `check` and `AttemptMerge` accepted; generation records are ignored.
    mutating func add(_ record: UnitRecord) {
        guard let scoring = record.scoring else { return }
        let header = record.header
        let key = CorrelationKey(model: header.model.name, dataset: header.dataset, technique: header.technique)
        let offsets = record.tokenOffsets
        let logprobs = record.tokens.logprob, entropies = record.tokens.entropy
        for (index, prompt) in record.prompts.enumerated() {
            if let current = documents[header.unitID]?[prompt.row], current.attempt > header.attempt { continue }
            let span = offsets[index]..<offsets[index + 1]
            documents[header.unitID, default: [:]][prompt.row] = Document(
                key: key, unitID: header.unitID, row: prompt.row, attempt: header.attempt, tokens: prompt.promptTokenCount,
                positions: span.count, logprobSum: logprobs[span].compensatedSum(), entropySum: entropies[span].compensatedSum())
        }
        if let sum = scoring.averageDistribution, (distributions[header.unitID]?.attempt ?? -1) < header.attempt {
            distributions[header.unitID] = UnitDistribution(key: key, attempt: header.attempt, sum: sum)
        }
    }

    /// Every document, ordered by cell, unit id and row.
    func mergedDocuments() -> [Document] {
        documents.values.flatMap(\.values).sorted { ($0.key, $0.unitID, $0.row) < ($1.key, $1.unitID, $1.row) }
    }

    /// Per cell, the unit sums in unit-id order (so the total does not depend on file order).
    func mergedDistributions() -> [CorrelationKey: [DistributionSumRecord]] {
        Dictionary(grouping: distributions.sorted { $0.key < $1.key }.map(\.value), by: \.key).mapValues { $0.map(\.sum) }
    }
}
