import Foundation
import Tokenizer
import Transformer

/// How well a model predicts one candidate continuation of a context.
public struct CandidateScore: Sendable, Equatable {
    /// Σᵢ ln p(yᵢ | context, y<ᵢ): float64 log-softmax of the raw logits, natural log.
    public var logprob: Double
    /// The candidate's token ids (after the context's).
    public var tokenIDs: [Int32]
    /// Raw logit of the candidate's first token after the context.
    public var firstLogit: Float

    public var tokenCount: Int { tokenIDs.count }
    /// Mean log-probability per candidate token.
    public var meanLogprob: Double { logprob / Double(max(tokenIDs.count, 1)) }
}

/// Scores candidate continuations of a context by teacher forcing: the context is run once into a
/// KV-cache slot, each candidate's slot copies those rows and feeds only its own tokens, and the
/// candidates of one context go through the network together (in batches of `batchSize`).
///
/// Tokenisation (`score(context:separator:candidates:)`): the candidate's tokens are those of
/// `tokenize(context + separator + candidate)` after its longest common prefix with
/// `tokenize(context)`. With byte-level BPE and a separator starting a new word (the default " "),
/// that prefix is the whole context and the candidate's tokens are exactly the ones that spell
/// `separator + candidate`; where a tokeniser merges across the boundary, the merged token counts
/// as the candidate's (its probability is conditioned only on what precedes it).
public final class CandidateScorer {
    public let model: any CausalLanguageModel
    public let batchSize: Int

    public init(model: any CausalLanguageModel, batchSize: Int) {
        self.model = model
        self.batchSize = max(1, batchSize)
    }

    /// Scores `candidates` (non-empty texts) after `context` with `tokenizer`'s ids.
    public func score(context: String, separator: String, candidates: [String], tokenizer: Tokenizer) throws -> [CandidateScore] {
        let contextIDs = tokenizer.encode(context)
        var pieces: [(full: [Int32], common: Int)] = []
        for candidate in candidates {
            let full = tokenizer.encode(context + separator + candidate)
            let common = zip(contextIDs, full).prefix { $0 == $1 }.count
            guard common < full.count else {
                throw GenerationError("candidate scorer", "candidate '\(candidate)' adds no token after the context '\(context)'")
            }
            pieces.append((full, common))
        }
        // Every candidate continues from the shortest common prefix; what a candidate shares with
        // the context beyond it is fed to that candidate's slot as context, not scored.
        let split = pieces.map(\.common).min() ?? contextIDs.count
        return try score(sharedContext: Array(contextIDs[..<split]),
                         extraContexts: pieces.map { Array($0.full[split..<$0.common]) },
                         candidates: pieces.map { Array($0.full[$0.common...]) })
    }

    /// Scores token-id candidates after token-id `context` (at least one token each).
    public func score(context: [Int32], candidates: [[Int32]]) throws -> [CandidateScore] {
        try score(sharedContext: context, extraContexts: candidates.map { _ in [] }, candidates: candidates)
    }

    private func score(sharedContext: [Int32], extraContexts: [[Int32]], candidates: [[Int32]]) throws -> [CandidateScore] {
        guard !sharedContext.isEmpty else {
            throw GenerationError("candidate scorer", "the context has no tokens: the first candidate token has no distribution to be scored in")
        }
        if let empty = candidates.firstIndex(where: \.isEmpty) {
            throw GenerationError("candidate scorer", "candidate \(empty) has no tokens")
        }
        let context = model.config.contextLength
        for index in candidates.indices where sharedContext.count + extraContexts[index].count + candidates[index].count > context {
            throw GenerationError("candidate scorer", "context and candidate \(index) have \(sharedContext.count + extraContexts[index].count + candidates[index].count) tokens, more than the model's context of \(context)")
        }
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: sharedContext.count)
        let contextLogits = try model.forward([SequenceChunk(slot: 0, tokens: sharedContext)], cache: cache)
        let lastContextRow = Array(contextLogits.lastRow(ofChunk: 0))

        var scores: [CandidateScore?] = Array(repeating: nil, count: candidates.count)
        for batchStart in stride(from: 0, to: candidates.count, by: batchSize) {
            let batch = Array(batchStart..<min(batchStart + batchSize, candidates.count))
            var chunks: [SequenceChunk] = []
            for (position, index) in batch.enumerated() {
                let slot = position + 1
                while cache.slotCount <= slot { _ = cache.addSlot() }
                let fed = extraContexts[index] + candidates[index]
                cache.reset(slot: slot, capacity: sharedContext.count + fed.count)
                try cache.copyPrefix(from: 0, to: slot, count: sharedContext.count)
                chunks.append(SequenceChunk(slot: slot, tokens: fed, allLogits: true))
            }
            let logits = try model.forward(chunks, cache: cache)
            for (position, index) in batch.enumerated() {
                let tokens = candidates[index], extra = extraContexts[index].count
                let firstRowOffset = logits.rowOffsets[position]
                // Row r of the chunk predicts fed token r + 1; the first candidate token is
                // predicted by the last shared-context row, or by the last extra-context row.
                func row(predicting tokenIndex: Int) -> [Float] {
                    let fedIndex = extra + tokenIndex
                    return fedIndex == 0 ? lastContextRow : Array(logits.row(firstRowOffset + fedIndex - 1))
                }
                var total = 0.0
                for (tokenIndex, token) in tokens.enumerated() {
                    total += try Self.logSoftmax(row(predicting: tokenIndex), at: token)
                }
                scores[index] = CandidateScore(logprob: total, tokenIDs: tokens, firstLogit: row(predicting: 0)[Int(tokens[0])])
            }
        }
        return scores.compactMap { $0 }
    }

    /// ln softmax(z)[token] in float64: z[token] − max − ln Σ exp(z − max).
    static func logSoftmax(_ row: [Float], at token: Int32) throws -> Double {
        guard token >= 0, Int(token) < row.count else {
            throw GenerationError("candidate scorer", "token \(token) is outside the vocabulary of \(row.count)")
        }
        var maximum = -Double.infinity
        for value in row { maximum = max(maximum, Double(value)) }
        var sum = 0.0
        for value in row { sum += exp(Double(value) - maximum) }
        return Double(row[Int(token)]) - maximum - log(sum)
    }
}
