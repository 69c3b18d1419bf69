import Foundation
import Kernels
import Weights

/// Llama-architecture weights in float32 (llama2.c's TransformerWeights). Shapes are row-major,
/// outermost first; projections are stored [out × in] and fused where they share an input.
public struct LlamaWeights {
    /// (vocab, dim)
    public var tokenEmbedding: [Float]
    public var layers: [Layer]
    /// (dim)
    public var outputNorm: [Float]
    /// (vocab, dim), nil when tied to `tokenEmbedding`.
    public var output: [Float]?

    public struct Layer {
        /// (dim)
        public var attentionNorm: [Float]
        /// (heads·headSize + 2·kvHeads·headSize, dim): Q, K, V stacked.
        public var qkv: [Float]
        /// (dim, heads·headSize)
        public var attentionOutput: [Float]
        /// (dim)
        public var mlpNorm: [Float]
        /// (2·hidden, dim): gate then up.
        public var gateUp: [Float]
        /// (dim, hidden)
        public var down: [Float]
        /// (heads·headSize + 2·kvHeads·headSize): Q, K, V biases stacked (Qwen2, `attention_bias`), nil when none.
        public var qkvBias: [Float]? = nil
        /// (dim): bias of the attention output projection (`attention_bias` in Llama/Qwen3), nil when none.
        public var attentionOutputBias: [Float]? = nil
        /// (headSize) each: RMSNorm weights applied to every query and key head before RoPE (Qwen3), nil when none.
        public var queryNorm: [Float]? = nil
        public var keyNorm: [Float]? = nil
    }
}

/// Scratch buffers of one forward step (llama2.c's RunState), grown to the step's token count.
final class LlamaRunState {
    var x: [Float] = []          // (tokens, dim) residual stream
    var normed: [Float] = []     // (tokens, dim)
    var qkv: [Float] = []        // (tokens, qDim + 2·kvDim)
    var attention: [Float] = []  // (tokens, qDim)
    var projected: [Float] = []  // (tokens, dim)
    var gateUp: [Float] = []     // (tokens, 2·hidden)
    var hidden: [Float] = []     // (tokens, hidden)

    func reserve(tokens: Int, config c: TransformerConfig) {
        func grow(_ buffer: inout [Float], _ count: Int) {
            if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
        }
        grow(&x, tokens * c.dim)
        grow(&normed, tokens * c.dim)
        grow(&qkv, tokens * (c.queryDim + 2 * c.kvDim))
        grow(&attention, tokens * c.queryDim)
        grow(&projected, tokens * c.dim)
        grow(&gateUp, tokens * 2 * c.hiddenDim)
        grow(&hidden, tokens * c.hiddenDim)
    }
}

/// Llama-family decoder: RMSNorm, RoPE, grouped-query attention, SwiGLU. The variants are
/// configuration: Mistral (sliding window), Qwen2 (QKV bias), Qwen3 (Q/K RMSNorm), Llama 3
/// (scaled RoPE frequencies) — see the optional fields of `LlamaWeights.Layer` and `init`.
public final class LlamaModel: CausalLanguageModel {
    public let config: TransformerConfig
    public let weights: LlamaWeights
    public let threads: Int
    let rope: RoPE
    /// One per layer: layers differ only in their attention window.
    let attentionByLayer: [CausalAttention]
    let state = LlamaRunState()

    public var inputEmbeddings: [Float] { weights.tokenEmbedding }

    /// - Parameters:
    ///   - rope: the rotary embedding (scaled frequencies); by default unscaled from `config.ropeTheta`.
    ///   - attentionWindows: per layer, how many most recent positions a token sees (nil: all);
    ///     empty for full attention in every layer.
    public init(config: TransformerConfig, weights: LlamaWeights, threads: Int, rope: RoPE? = nil,
                attentionWindows: [Int?] = []) {
        self.config = config
        self.weights = weights
        self.threads = max(1, threads)
        BLAS.useSingleThreadedCalls()
        self.rope = rope ?? RoPE(pairing: config.ropePairing, rotaryDimensions: config.headSize, theta: config.ropeTheta)
        attentionByLayer = (0..<config.layers).map { layer in
            CausalAttention(heads: config.heads, kvHeads: config.kvHeads, headSize: config.headSize,
                            scale: 1 / Float(config.headSize).squareRoot(), softCap: nil,
                            window: layer < attentionWindows.count ? attentionWindows[layer] : nil)
        }
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = config
        let tokenCount = chunks.reduce(0) { $0 + $1.tokens.count }
        let qkvWidth = c.queryDim + 2 * c.kvDim
        state.reserve(tokens: tokenCount, config: c)

        // Where each chunk's rows and positions start; check inputs before touching the cache.
        var items: [CausalAttention.Item] = []
        var row = 0
        for chunk in chunks {
            let start = cache.length(slot: chunk.slot)
            guard start + chunk.tokens.count <= cache.capacity(slot: chunk.slot) else {
                throw ModelError(file: c.architecture, "sequence in slot \(chunk.slot) exceeds its cache capacity \(cache.capacity(slot: chunk.slot))")
            }
            if let bad = chunk.tokens.first(where: { $0 < 0 || Int($0) >= c.vocabularySize }) {
                throw ModelError(file: c.architecture, "token id \(bad) is outside the vocabulary (0..<\(c.vocabularySize))")
            }
            items.append(.init(slot: chunk.slot, firstRow: row, count: chunk.tokens.count, startPosition: start))
            row += chunk.tokens.count
        }

        // Token embeddings.
        weights.tokenEmbedding.withUnsafeBufferPointer { table in
            state.x.withUnsafeMutableBufferPointer { x in
                var r = 0
                for chunk in chunks {
                    for token in chunk.tokens {
                        (x.baseAddress! + r * c.dim).update(from: table.baseAddress! + Int(token) * c.dim, count: c.dim)
                        r += 1
                    }
                }
            }
        }

        for (index, layer) in weights.layers.enumerated() {
            // Attention block: x += Wo · attention(rope(Wqkv · rmsnorm(x)))
            rmsNorm(&state.normed, state.x, layer.attentionNorm, rows: tokenCount)
            matmul(state.normed, rows: tokenCount, layer.qkv, outputs: qkvWidth, inputs: c.dim, into: &state.qkv)
            if let bias = layer.qkvBias { addBias(bias, to: &state.qkv, rows: tokenCount) }
            storeKeysAndValues(items: items, layer: index, weights: layer, cache: cache, qkvWidth: qkvWidth)
            state.qkv.withUnsafeBufferPointer { qkv in
                state.attention.withUnsafeMutableBufferPointer { out in
                    attentionByLayer[index].run(items: items, queries: qkv.baseAddress!, queryStride: qkvWidth,
                                  keys: { UnsafePointer(cache.keys(slot: $0, layer: index)) },
                                  values: { UnsafePointer(cache.values(slot: $0, layer: index)) },
                                  output: out.baseAddress!, threads: threads)
                }
            }
            matmul(state.attention, rows: tokenCount, layer.attentionOutput, outputs: c.dim, inputs: c.queryDim, into: &state.projected)
            if let bias = layer.attentionOutputBias { addBias(bias, to: &state.projected, rows: tokenCount) }
            addResidual(tokenCount * c.dim)

            // MLP block: x += Wdown · (silu(Wgate · h) ⊙ Wup · h), h = rmsnorm(x)
            rmsNorm(&state.normed, state.x, layer.mlpNorm, rows: tokenCount)
            matmul(state.normed, rows: tokenCount, layer.gateUp, outputs: 2 * c.hiddenDim, inputs: c.dim, into: &state.gateUp)
            state.gateUp.withUnsafeBufferPointer { gateUp in
                state.hidden.withUnsafeMutableBufferPointer { hidden in
                    Elementwise.swiGLU(hidden.baseAddress!, gateUp.baseAddress!, rows: tokenCount, hidden: c.hiddenDim)
                }
            }
            matmul(state.hidden, rows: tokenCount, layer.down, outputs: c.dim, inputs: c.hiddenDim, into: &state.projected)
            addResidual(tokenCount * c.dim)
        }
        for item in items { cache.advance(slot: item.slot, by: item.count) }

        // Final norm and LM head, only for the rows whose logits were asked for.
        var selected: [Int] = []
        var offsets = [0]
        for (chunk, item) in zip(chunks, items) {
            let rows = chunk.allLogits ? Array(item.firstRow..<(item.firstRow + item.count)) : [item.firstRow + item.count - 1]
            selected += rows
            offsets.append(selected.count)
        }
        var gathered = [Float](repeating: 0, count: selected.count * c.dim)
        for (target, source) in selected.enumerated() {
            gathered.withUnsafeMutableBufferPointer { g in
                state.x.withUnsafeBufferPointer { x in
                    (g.baseAddress! + target * c.dim).update(from: x.baseAddress! + source * c.dim, count: c.dim)
                }
            }
        }
        var normed = [Float](repeating: 0, count: gathered.count)
        rmsNorm(&normed, gathered, weights.outputNorm, rows: selected.count)
        var logits = [Float](repeating: 0, count: selected.count * c.vocabularySize)
        matmul(normed, rows: selected.count, weights.output ?? weights.tokenEmbedding,
               outputs: c.vocabularySize, inputs: c.dim, into: &logits)
        return LogitRows(vocabularySize: c.vocabularySize, rowOffsets: offsets, values: logits)
    }

    // MARK: - Steps

    /// Normalises (Qwen3) and rotates Q and K of every new token at its position and appends K, V to the cache.
    private func storeKeysAndValues(items: [CausalAttention.Item], layer: Int, weights: LlamaWeights.Layer,
                                    cache: KVCache, qkvWidth: Int) {
        let c = config
        state.qkv.withUnsafeMutableBufferPointer { qkv in
            for item in items {
                let keys = cache.keys(slot: item.slot, layer: layer)
                let values = cache.values(slot: item.slot, layer: layer)
                for t in 0..<item.count {
                    let row = qkv.baseAddress! + (item.firstRow + t) * qkvWidth
                    let position = item.startPosition + t
                    if let norm = weights.queryNorm { headNorm(row, heads: c.heads, weight: norm) }
                    if let norm = weights.keyNorm { headNorm(row + c.queryDim, heads: c.kvHeads, weight: norm) }
                    rope.apply(row, heads: c.heads, headSize: c.headSize, position: position)
                    rope.apply(row + c.queryDim, heads: c.kvHeads, headSize: c.headSize, position: position)
                    (keys + position * c.kvDim).update(from: row + c.queryDim, count: c.kvDim)
                    (values + position * c.kvDim).update(from: row + c.queryDim + c.kvDim, count: c.kvDim)
                }
            }
        }
    }

    /// RMSNorm of each of `heads` consecutive head vectors, in place.
    private func headNorm(_ heads: UnsafeMutablePointer<Float>, heads count: Int, weight: [Float]) {
        weight.withUnsafeBufferPointer { w in
            Elementwise.rmsNorm(heads, heads, weight: w.baseAddress!, rows: count, width: config.headSize, eps: config.normEpsilon)
        }
    }

    /// Adds `bias` to each of `rows` rows of `buffer` (row width = bias.count).
    private func addBias(_ bias: [Float], to buffer: inout [Float], rows: Int) {
        buffer.withUnsafeMutableBufferPointer { b in
            bias.withUnsafeBufferPointer { v in
                for row in 0..<rows { Elementwise.add(b.baseAddress! + row * v.count, v.baseAddress!, count: v.count) }
            }
        }
    }

    private func rmsNorm(_ out: inout [Float], _ x: [Float], _ weight: [Float], rows: Int) {
        out.withUnsafeMutableBufferPointer { o in
            x.withUnsafeBufferPointer { i in
                weight.withUnsafeBufferPointer { w in
                    Elementwise.rmsNorm(o.baseAddress!, i.baseAddress!, weight: w.baseAddress!, rows: rows,
                                        width: config.dim, eps: config.normEpsilon)
                }
            }
        }
    }

    private func matmul(_ x: [Float], rows: Int, _ w: [Float], outputs: Int, inputs: Int, into out: inout [Float]) {
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                out.withUnsafeMutableBufferPointer { op in
                    MatMul.multiply(xp.baseAddress!, rows: rows, weights: wp.baseAddress!, outputs: outputs,
                                    inputs: inputs, into: op.baseAddress!, threads: threads)
                }
            }
        }
    }

    private func addResidual(_ count: Int) {
        state.x.withUnsafeMutableBufferPointer { x in
            state.projected.withUnsafeBufferPointer { p in
                Elementwise.add(x.baseAddress!, p.baseAddress!, count: count)
            }
        }
    }
}
