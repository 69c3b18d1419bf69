import Foundation
import Kernels
import NucleusCore
import Transformer

/// What scoring one document gave: one statistic per position t = 1…n−1.
public struct ScoredDocument: Sendable {
    public var ids: [Int32]
    /// statistics[t − 1] describes p_t, the distribution that predicts ids[t]; its `tokenId` is ids[t].
    public var statistics: [TokenStatistic]

    /// exp(−Σ logprob / T) over the T scored positions; NaN when there are none.
    public var perplexity: Double { Self.perplexity(of: statistics.map(\.logprob)) }

    /// exp(−mean) of natural-log probabilities; NaN for none.
    public static func perplexity(of logprobs: [Double]) -> Double {
        guard !logprobs.isEmpty else { return .nan }
        return exp(-logprobs.reduce(0, +) / Double(logprobs.count))
    }
}

public struct ScoringOptions: Sendable {
    /// Documents whose windows go through the network together (the job's batch_size).
    public var batchSize: Int
    /// Most tokens one window reads; nil = the model's context length.
    public var window: Int?
    /// Positions each later window scores; nil = half the window (see `RollingWindows`).
    public var stride: Int?
    public var nucleusTopP: Double
    public var topK: Int
    /// Also sum the full distributions of every scored position (`DistributionSum`).
    public var averageDistribution: Bool
    /// Most tokens of one window fed in one forward call: the logits of every token are kept
    /// (tokens × vocabulary floats), so long windows go in pieces over the KV cache.
    public var pieceTokens: Int
    /// Attach each scored position's attention entropy and varentropy per layer × head (`analysis.attention`).
    public var attentionStatistics = false

    public static let defaultPieceTokens = 256

    public init(batchSize: Int, window: Int? = nil, stride: Int? = nil, nucleusTopP: Double, topK: Int,
                averageDistribution: Bool = false, pieceTokens: Int = ScoringOptions.defaultPieceTokens) {
        self.batchSize = batchSize
        self.window = window
        self.stride = stride
        self.nucleusTopP = nucleusTopP
        self.topK = topK
        self.averageDistribution = averageDistribution
        self.pieceTokens = pieceTokens
    }
}

/// Teacher-forced scoring: runs given texts through the model and records, for every position, the
/// same statistics generation records for a sampled token (`TokenStatisticsCalculator`), with the
/// actual next token as the chosen one.
///
/// Documents longer than a window are scored in `RollingWindows`. Work goes through the network in
/// a fixed order that depends only on the documents and options: windows in document order, up to
/// `batchSize` of them (one per KV-cache slot) per forward call, each fed in pieces of at most
/// `pieceTokens` tokens. The distribution sum is added serially in position order, so it is the
/// same whatever the thread count.
public final class TeacherForcedScorer {
    public let model: any CausalLanguageModel
    public let embeddings: NormalizedEmbeddings
    public let threads: Int

    public init(model: any CausalLanguageModel, embeddings: NormalizedEmbeddings, threads: Int) {
        self.model = model
        self.embeddings = embeddings
        self.threads = max(1, threads)
    }

    /// The windows `options` cut documents into, for this model.
    public func rollingWindows(_ options: ScoringOptions) throws -> RollingWindows {
        let context = model.config.contextLength
        let window = options.window ?? context
        guard window <= context else {
            throw GenerationError("scoring", "window \(window) exceeds the model's context length \(context)")
        }
        return try RollingWindows(window: window, stride: options.stride ?? max(1, window / 2))
    }

    /// Scores every document; results in document order. `distributions` gets Σ p_t when
    /// `options.averageDistribution` (else it is left as it is).
    public func score(_ documents: [[Int32]], options: ScoringOptions,
                      distributions: inout DistributionSum?) throws -> [ScoredDocument] {
        guard options.batchSize >= 1 else { throw GenerationError("scoring", "batch size must be ≥ 1, got \(options.batchSize)") }
        guard options.pieceTokens >= 1 else { throw GenerationError("scoring", "piece size must be ≥ 1, got \(options.pieceTokens)") }
        let windows = try rollingWindows(options)
        let vocabulary = model.config.vocabularySize
        for (index, document) in documents.enumerated() {
            if let bad = document.first(where: { $0 < 0 || Int($0) >= vocabulary }) {
                throw GenerationError("scoring", "document \(index): token id \(bad) is outside the vocabulary (0..<\(vocabulary))")
            }
        }
        if options.averageDistribution, distributions == nil { distributions = DistributionSum(vocabularySize: vocabulary) }
        let calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: options.nucleusTopP, topK: options.topK)

        var work: [Work] = []
        for (index, document) in documents.enumerated() {
            work += windows.windows(count: document.count).map { Work(document: index, window: $0) }
        }
        var statistics = documents.map { [TokenStatistic?](repeating: nil, count: max(0, $0.count - 1)) }
        let cache = model.makeCache(slots: min(options.batchSize, max(1, work.count)))
        var start = 0
        while start < work.count {
            let batch = Array(work[start..<min(work.count, start + options.batchSize)])
            start += batch.count
            for slot in batch.indices { cache.reset(slot: slot, capacity: batch[slot].window.input.count) }
            var fed = [Int](repeating: 0, count: batch.count)
            while true {
                var chunks: [SequenceChunk] = [], owners: [Int] = []
                for (slot, item) in batch.enumerated() where fed[slot] < item.window.input.count {
                    let from = item.window.inputStart + fed[slot]
                    let to = min(item.window.input.upperBound, from + options.pieceTokens)
                    chunks.append(SequenceChunk(slot: slot, tokens: Array(documents[item.document][from..<to]), allLogits: true,
                                                attentionStatistics: options.attentionStatistics))
                    owners.append(slot)
                }
                if chunks.isEmpty { break }
                let logits = try model.forward(chunks, cache: cache)
                var rows: [Row] = []
                for (chunkIndex, slot) in owners.enumerated() {
                    let item = batch[slot]
                    for offset in 0..<chunks[chunkIndex].tokens.count {
                        // Input token i predicts position i + 1; only the window's own targets are kept.
                        let target = item.window.inputStart + fed[slot] + offset + 1
                        guard item.window.targets.contains(target) else { continue }
                        rows.append(Row(document: item.document, target: target,
                                        logitRow: logits.rowOffsets[chunkIndex] + offset,
                                        token: documents[item.document][target]))
                    }
                    fed[slot] += chunks[chunkIndex].tokens.count
                }
                var measured = try measure(rows, logits: logits, calculator: calculator)
                if let attention = logits.attention {
                    for index in measured.indices { measured[index].attach(attention, row: rows[index].logitRow) }
                }
                for (row, statistic) in zip(rows, measured) { statistics[row.document][row.target - 1] = statistic }
                if options.averageDistribution {
                    logits.values.withUnsafeBufferPointer { values in
                        for row in rows {
                            distributions?.add(logits: UnsafeBufferPointer(rebasing: values[(row.logitRow * vocabulary)..<((row.logitRow + 1) * vocabulary)]))
                        }
                    }
                }
            }
        }
        return try documents.enumerated().map { index, ids in
            let complete = statistics[index].compactMap { $0 }
            guard complete.count == statistics[index].count else {
                throw GenerationError("scoring", "document \(index): \(statistics[index].count - complete.count) positions were not scored")
            }
            return ScoredDocument(ids: ids, statistics: complete)
        }
    }

    private struct Work {
        var document: Int
        var window: RollingWindows.Window
    }

    /// One scored position: which logits row predicts which token.
    private struct Row {
        var document: Int
        var target: Int
        var logitRow: Int
        var token: Int32
    }

    /// The statistics of each row, spread over threads in contiguous blocks (one calculator each).
    private func measure(_ rows: [Row], logits: LogitRows, calculator: TokenStatisticsCalculator) throws -> [TokenStatistic] {
        var results = [Result<TokenStatistic, Error>?](repeating: nil, count: rows.count)
        let parts = min(threads, rows.count)
        let vocabulary = logits.vocabularySize
        logits.values.withUnsafeBufferPointer { values in
            results.withUnsafeMutableBufferPointer { out in
                Parallel.forEach(parts, threads: parts) { part in
                    var local = calculator
                    for index in (part * rows.count / parts)..<((part + 1) * rows.count / parts) {
                        let row = rows[index]
                        let slice = UnsafeBufferPointer(rebasing: values[(row.logitRow * vocabulary)..<((row.logitRow + 1) * vocabulary)])
                        out[index] = Result { try local.compute(logits: slice, chosen: row.token) }
                    }
                }
            }
        }
        return try results.map { result in
            guard let result else { throw GenerationError("scoring", "a position was not measured") }
            return try result.get()
        }
    }
}
