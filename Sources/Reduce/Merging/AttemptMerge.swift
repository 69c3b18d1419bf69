import Foundation
import Store

/// Keeps the newest attempt of each prompt. A rerun writes attempt K+1 of the same unit id,
/// possibly for a few rows only, so prompts are merged individually: per (unit id, dataset row)
/// the highest attempt wins, whatever order the files are read in.
struct AttemptMerge {
    private struct PromptID: Hashable {
        var unitID: String
        var row: Int
    }

    private var newest: [PromptID: PromptTokens] = [:]
    private var attemptsSeen: [PromptID: Int] = [:]

    /// Adds every prompt of a complete unit record read from `source`.
    mutating func add(_ record: UnitRecord, from source: URL) throws {
        let header = record.header
        let key = CorrelationKey(model: header.model.name, dataset: header.dataset, technique: header.technique)
        let offsets = record.tokenOffsets
        let tokenCount = offsets[offsets.count - 1]
        let tokens = record.tokens
        guard tokens.entropy.count == tokenCount, tokens.nucleusCosine.count == tokenCount else {
            throw ReduceError.inconsistentRecord(
                path: source.path,
                problem: "prompts generated \(tokenCount) tokens but entropy has \(tokens.entropy.count) "
                    + "and nucleus_cosine \(tokens.nucleusCosine.count) values")
        }
        for (index, prompt) in record.prompts.enumerated() {
            let id = PromptID(unitID: header.unitID, row: prompt.row)
            let span = offsets[index]..<offsets[index + 1]
            let candidate = PromptTokens(
                unitID: header.unitID, row: prompt.row, attempt: header.attempt, key: key, source: source,
                entropy: Array(tokens.entropy[span]), nucleusCosine: Array(tokens.nucleusCosine[span]))
            attemptsSeen[id, default: 0] += 1
            guard let current = newest[id] else {
                newest[id] = candidate
                continue
            }
            if current.attempt == candidate.attempt {
                throw ReduceError.duplicateAttempt(
                    unitID: header.unitID, row: prompt.row, attempt: header.attempt,
                    firstPath: current.source.path, secondPath: source.path)
            }
            if candidate.attempt > current.attempt { newest[id] = candidate }
        }
    }

    /// Distinct prompts whose newest attempt superseded at least one older attempt.
    var promptsReplaced: Int { attemptsSeen.values.count { $0 > 1 } }

    /// The newest attempt of every prompt, ordered by unit id then row (independent of file order).
    func merged() -> [PromptTokens] {
        newest.values.sorted { ($0.unitID, $0.row) < ($1.unitID, $1.row) }
    }
}
