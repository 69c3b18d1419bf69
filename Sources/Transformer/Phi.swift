import Kernels

/// Phi weights in float32. Shapes are row-major, outermost first.
public struct PhiWeights: Sendable {
    /// (vocab, hidden)
    public var embedding: [Float]
    public var layers: [Layer]
    /// final_layernorm: (hidden) weight and bias
    public var finalNorm: NormWeights
    /// lm_head: (vocab, hidden) with bias (vocab); weight tied to `embedding` when the config says so.
    public var output: DenseLayer

    public struct Layer: Sendable {
        /// input_layernorm, shared by attention and MLP: (hidden) weight and bias
        public var norm: NormWeights
        /// q_proj, k_proj, v_proj stacked: (heads·headSize + 2·kvHeads·headSize, hidden), with bias
        public var qkv: DenseLayer
        /// dense: (hidden, heads·headSize)
        public var attentionOutput: DenseLayer
        /// fc1: (intermediate, hidden)
        public var up: DenseLayer
        /// fc2: (hidden, intermediate)
        public var down: DenseLayer
    }
}

/// Scratch buffers of one forward step, grown to the step's token count.
final class PhiRunState {
    var x: [Float] = []               // (tokens, hidden) residual stream
    var normed: [Float] = []          // (tokens, hidden)
    var qkv: [Float] = []             // (tokens, qDim + 2·kvDim)
    var attention: [Float] = []       // (tokens, qDim)
    var attentionOutput: [Float] = [] // (tokens, hidden)
    var mlpHidden: [Float] = []       // (tokens, intermediate)
    var mlpOutput: [Float] = []       // (tokens, hidden)

    func reserve(tokens: Int, _ c: PhiConfiguration) {
        func grow(_ buffer: inout [Float], _ count: Int) {
            if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
        }
        let queryDim = c.heads * c.headSize, kvDim = c.kvHeads * c.headSize
        grow(&x, tokens * c.hidden)
        grow(&normed, tokens * c.hidden)
        grow(&qkv, tokens * (queryDim + 2 * kvDim))
        grow(&attention, tokens * queryDim)
        grow(&attentionOutput, tokens * c.hidden)
        grow(&mlpHidden, tokens * c.intermediate)
        grow(&mlpOutput, tokens * c.hidden)
    }
}

/// Phi decoder (Phi-1, 1.5, 2): one LayerNorm feeds attention and MLP in parallel,
/// x += attn(h) + mlp(h); partial rotary; biases everywhere, including the LM head.
public final class PhiModel: CausalLanguageModel {
    public let configuration: PhiConfiguration
    public let config: TransformerConfig
    public let weights: PhiWeights
    public let threads: Int
    let rope: RoPE
    let attention: CausalAttention
    let state = PhiRunState()

    public var inputEmbeddings: [Float] { weights.embedding }

    public init(configuration: PhiConfiguration, weights: PhiWeights, threads: Int) {
        self.configuration = configuration
        config = configuration.transformerConfig
        self.weights = weights
        self.threads = max(1, threads)
        BLAS.useSingleThreadedCalls()
        rope = RoPE(pairing: .halves, rotaryDimensions: configuration.rotaryDimensions, theta: configuration.ropeTheta,
                    scaling: configuration.ropeScaling)
        attention = CausalAttention(heads: configuration.heads, kvHeads: configuration.kvHeads, headSize: configuration.headSize,
                                    scale: 1 / Float(configuration.headSize).squareRoot(), softCap: nil, window: nil)
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = configuration, s = state, eps = c.layerNormEpsilon
        let step = try ForwardStep(chunks, cache: cache, vocabularySize: c.vocabularySize, model: config.architecture)
        let n = step.tokenCount
        s.reserve(tokens: n, c)
        step.gatherEmbeddings(weights.embedding, width: c.hidden, into: &s.x)

        for (index, layer) in weights.layers.enumerated() {
            // h = ln(x); x += Wo · attention(rope(Wqkv · h)) + W2 · gelu(W1 · h)
            layer.norm.layerNorm(s.x, rows: n, eps: eps, into: &s.normed)
            layer.qkv.apply(s.normed, rows: n, into: &s.qkv, threads: threads)
            step.storeKeysAndValues(&s.qkv, heads: c.heads, kvHeads: c.kvHeads, headSize: c.headSize,
                                    rope: rope, layer: index, cache: cache)
            attention.run(items: step.items, queries: s.qkv, queryStride: layer.qkv.outputs,
                          keys: { UnsafePointer(cache.keys(slot: $0, layer: index)) },
                          values: { UnsafePointer(cache.values(slot: $0, layer: index)) },
                          output: &s.attention, threads: threads)
            layer.attentionOutput.apply(s.attention, rows: n, into: &s.attentionOutput, threads: threads)

            layer.up.apply(s.normed, rows: n, into: &s.mlpHidden, threads: threads)
            c.activation.apply(&s.mlpHidden, count: n * c.intermediate)
            layer.down.apply(s.mlpHidden, rows: n, into: &s.mlpOutput, threads: threads)

            Elementwise.add(&s.x, s.attentionOutput, count: n * c.hidden)
            Elementwise.add(&s.x, s.mlpOutput, count: n * c.hidden)
        }
        step.commit(to: cache)

        // Final LayerNorm and LM head (with bias), only for the rows whose logits were asked for.
        let rows = step.logitRows.count
        let last = step.gatherLogitRows(s.x, width: c.hidden)
        var normed = [Float](repeating: 0, count: last.count)
        weights.finalNorm.layerNorm(last, rows: rows, eps: eps, into: &normed)
        var logits = [Float](repeating: 0, count: rows * c.vocabularySize)
        weights.output.apply(normed, rows: rows, into: &logits, threads: threads)
        return LogitRows(vocabularySize: c.vocabularySize, rowOffsets: step.rowOffsets, values: logits)
    }
}
