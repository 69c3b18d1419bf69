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

    /// Adds every prompt of a complete unit record read from `source`, or none of them: a record
    /// whose columns disagree with its offsets, or that repeats an attempt already added from
    /// another file, is rejected whole (the caller reports and skips the file).
    mutating func add(_ record: UnitRecord, from source: URL) throws {
        let header = record.header
        let key = CorrelationKey(model: header.model.name, dataset: header.dataset, technique: header.technique,
                                 settings: header.settings)
        let offsets = record.tokenOffsets
        let tokenCount = offsets[offsets.count - 1]
        let tokens = record.tokens
        guard tokens.entropy.count == tokenCount, tokens.nucleusCosine.count == tokenCount,
              tokens.tokenID.count == tokenCount else {
            throw ReduceError.inconsistentRecord(
                path: source.path,
                problem: "prompts generated \(tokenCount) tokens but entropy has \(tokens.entropy.count) "
                    + "and nucleus_cosine \(tokens.nucleusCosine.count) values")
        }
        let varentropy = tokens.varentropy
        if let means = record.embeddingMeans, means.rows.count != record.prompts.count {
            throw ReduceError.inconsistentRecord(
                path: source.path, problem: "embedding_mean has \(means.rows.count) rows for \(record.prompts.count) prompts")
        }
        let candidates = record.prompts.enumerated().map { index, prompt in
            let span = offsets[index]..<offsets[index + 1]
            var candidate = PromptTokens(
                unitID: header.unitID, row: prompt.row, attempt: header.attempt, key: key, sample: header.sample,
                source: source, prompt: prompt, datasetShape: header.datasetShape, entropy: Array(tokens.entropy[span]),
                nucleusCosine: Array(tokens.nucleusCosine[span]), tokenIDs: Array(tokens.tokenID[span]),
                perturbation: header.perturbation, perturbationBase: header.perturbationBase,
                embeddingMean: record.embeddingMeans?.rows[index] ?? nil)
            if varentropy.count == tokenCount { candidate.varentropy = Array(varentropy[span]) }
            candidate.answerType = header.answerType
            candidate.attention = PromptAttention(tokens: tokens, span: span)
            return candidate
        }
        for candidate in candidates {
            if let current = newest[PromptID(unitID: candidate.unitID, row: candidate.row)],
               current.attempt == candidate.attempt {
                throw ReduceError.duplicateAttempt(
                    unitID: header.unitID, row: candidate.row, attempt: header.attempt,
                    firstPath: current.source.path, secondPath: source.path)
            }
        }
        for candidate in candidates {
            let id = PromptID(unitID: candidate.unitID, row: candidate.row)
            attemptsSeen[id, default: 0] += 1
            if let current = newest[id], current.attempt > candidate.attempt { continue }
            newest[id] = candidate
        }
    }

    /// Whether the kept attempt of this prompt superseded an older one (it came from a rerun).
    func wasReplaced(_ prompt: PromptTokens) -> Bool {
        attemptsSeen[PromptID(unitID: prompt.unitID, row: prompt.row), default: 0] > 1
    }

    /// Distinct prompts whose newest attempt superseded at least one older attempt.
    var promptsReplaced: Int { attemptsSeen.values.count { $0 > 1 } }

    /// The newest attempt of every prompt, ordered by unit id then row (independent of file order).
    func merged() -> [PromptTokens] {
        newest.values.sorted { ($0.unitID, $0.row) < ($1.unitID, $1.row) }
    }
}
