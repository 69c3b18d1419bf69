import Foundation
import Transformer

/// Time and work of one kind of forward step.
public struct PhaseTotals: Sendable, Equatable, Codable {
    /// Forward calls of this kind.
    public var steps = 0
    /// Tokens fed through the network (prompt tokens for prefill, one per sequence for decode).
    public var tokens = 0
    public var seconds = 0.0
    public var flops = 0.0

    public init(steps: Int = 0, tokens: Int = 0, seconds: Double = 0, flops: Double = 0) {
        self.steps = steps
        self.tokens = tokens
        self.seconds = seconds
        self.flops = flops
    }

    public var tokensPerSecond: Double { seconds > 0 ? Double(tokens) / seconds : 0 }
    public var gflopsPerSecond: Double { seconds > 0 ? flops / seconds / 1e9 : 0 }
}

/// A model that times every forward call of the model it wraps and sorts it into a phase, so the
/// generator needs no instrumentation. A chunk is prompt work when its slot's cache was empty or it
/// brings more than one token; a step whose chunks are all prompt work is prefill, all one-token
/// continuations is decode, and anything else is mixed (a freed slot's prompt prefilled alongside
/// other slots' decode tokens: with `--ignore-eos` and equal prompt counts per batch it never happens).
public final class TimedModel: CausalLanguageModel {
    public let inner: any CausalLanguageModel
    public let flops: ForwardFLOPs
    public private(set) var prefill = PhaseTotals()
    public private(set) var decode = PhaseTotals()
    public private(set) var mixed = PhaseTotals()
    /// Largest KV cache seen at a step, in bytes (float32 keys and values of every slot's capacity, and a
    /// recurrent model's per-slot state).
    public private(set) var peakCacheBytes = 0

    public init(_ inner: any CausalLanguageModel) {
        self.inner = inner
        flops = ForwardFLOPs(inner.config)
    }

    public var config: TransformerConfig { inner.config }
    public var inputEmbeddings: EmbeddingTable { inner.inputEmbeddings }
    public var parameterCount: Int { inner.parameterCount }
    public func makeCache(slots: Int) -> KVCache { inner.makeCache(slots: slots) }

    /// Forgets what was measured (after a warm-up).
    public func resetTotals() {
        prefill = PhaseTotals()
        decode = PhaseTotals()
        mixed = PhaseTotals()
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        var promptChunks = 0, work = 0.0
        for chunk in chunks {
            let cached = cache.length(slot: chunk.slot)
            if cached == 0 || chunk.tokens.count > 1 { promptChunks += 1 }
            work += flops.step(cached: cached, newTokens: chunk.tokens.count, logitRows: chunk.allLogits ? chunk.tokens.count : 1)
        }
        let recurrentFloats = cache.recurrentLayout.map { $0.layers * $0.floatsPerLayer * cache.slotCount } ?? 0
        let cacheBytes = ((0..<cache.slotCount).reduce(0) { $0 + cache.capacity(slot: $1) } * cache.kvDim * cache.layers * 2
            + recurrentFloats) * MemoryLayout<Float>.size
        peakCacheBytes = max(peakCacheBytes, cacheBytes)

        let started = DispatchTime.now().uptimeNanoseconds
        let logits = try inner.forward(chunks, cache: cache)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

        let tokens = chunks.reduce(0) { $0 + $1.tokens.count }
        let entry = PhaseTotals(steps: 1, tokens: tokens, seconds: seconds, flops: work)
        if promptChunks == chunks.count {
            prefill.add(entry)
        } else if promptChunks == 0 {
            decode.add(entry)
        } else {
            mixed.add(entry)
        }
        return logits
    }
}

extension PhaseTotals {
    mutating func add(_ other: PhaseTotals) {
        steps += other.steps
        tokens += other.tokens
        seconds += other.seconds
        flops += other.flops
    }
}
