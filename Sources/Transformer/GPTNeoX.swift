import Kernels

/// GPT-NeoX weights in float32. Shapes are row-major, outermost first.
public struct GPTNeoXWeights: Sendable {
    /// (vocab, hidden)
    public var embedding: [Float]
    public var layers: [Layer]
    /// (hidden) weight and bias
    public var finalNorm: NormWeights
    /// (vocab, hidden), nil when tied to `embedding`.
    public var output: [Float]?

    public struct Layer: Sendable {
        /// input_layernorm: (hidden) weight and bias
        public var attentionNorm: NormWeights
        /// query_key_value regrouped from per-head [q|k|v] to [Q all heads | K | V]: (3·hidden, hidden)
        public var qkv: DenseLayer
        /// dense: (hidden, hidden)
        public var attentionOutput: DenseLayer
        /// post_attention_layernorm: (hidden)
        public var mlpNorm: NormWeights
        /// dense_h_to_4h: (intermediate, hidden)
        public var up: DenseLayer
        /// dense_4h_to_h: (hidden, intermediate)
        public var down: DenseLayer
    }
}

/// Scratch buffers of one forward step, grown to the step's token count.
final class GPTNeoXRunState {
    var x: [Float] = []              // (tokens, hidden) residual stream
    var normed: [Float] = []         // (tokens, hidden)
    var qkv: [Float] = []            // (tokens, 3·hidden)
    var attention: [Float] = []      // (tokens, hidden) attention heads
    var attentionOutput: [Float] = [] // (tokens, hidden)
    var mlpHidden: [Float] = []      // (tokens, intermediate)
    var mlpOutput: [Float] = []      // (tokens, hidden)

    func reserve(tokens: Int, _ c: GPTNeoXConfiguration) {
        func grow(_ buffer: inout [Float], _ count: Int) {
            if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
        }
        grow(&x, tokens * c.hidden)
        grow(&normed, tokens * c.hidden)
        grow(&qkv, tokens * 3 * c.hidden)
        grow(&attention, tokens * c.hidden)
        grow(&attentionOutput, tokens * c.hidden)
        grow(&mlpHidden, tokens * c.intermediate)
        grow(&mlpOutput, tokens * c.hidden)
    }
}

/// GPT-NeoX decoder (Pythia): LayerNorm with bias, partial rotary (rotate_half over the first
/// `rotary_pct` of each head), multi-head attention, GELU MLP, parallel residual by default.
public final class GPTNeoXModel: CausalLanguageModel {
    public let configuration: GPTNeoXConfiguration
    public let config: TransformerConfig
    public let weights: GPTNeoXWeights
    public let threads: Int
    let rope: RoPE
    let attention: CausalAttention
    let state = GPTNeoXRunState()

    public var inputEmbeddings: [Float] { weights.embedding }

    public init(configuration: GPTNeoXConfiguration, weights: GPTNeoXWeights, threads: Int) {
        self.configuration = configuration
        config = configuration.transformerConfig
        self.weights = weights
        self.threads = max(1, threads)
        BLAS.useSingleThreadedCalls()
        rope = RoPE(pairing: .halves, rotaryDimensions: configuration.rotaryDimensions, theta: configuration.ropeTheta,
                    scaling: configuration.ropeScaling)
        attention = CausalAttention(heads: configuration.heads, kvHeads: configuration.heads, headSize: configuration.headSize,
                                    scale: 1 / Float(configuration.headSize).squareRoot(), softCap: nil, window: nil)
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = configuration, s = state, eps = c.layerNormEpsilon
        let step = try ForwardStep(chunks, cache: cache, vocabularySize: c.vocabularySize, model: config.architecture)
        let n = step.tokenCount
        s.reserve(tokens: n, c)
        step.gatherEmbeddings(weights.embedding, width: c.hidden, into: &s.x)

        for (index, layer) in weights.layers.enumerated() {
            // Attention branch: a = Wo · attention(rope(Wqkv · ln1(x)))
            layer.attentionNorm.layerNorm(s.x, rows: n, eps: eps, into: &s.normed)
            layer.qkv.apply(s.normed, rows: n, into: &s.qkv, threads: threads)
            step.storeKeysAndValues(&s.qkv, heads: c.heads, kvHeads: c.heads, headSize: c.headSize,
                                    rope: rope, layer: index, cache: cache)
            attention.run(items: step.items, queries: s.qkv, queryStride: 3 * c.hidden,
                          keys: { UnsafePointer(cache.keys(slot: $0, layer: index)) },
                          values: { UnsafePointer(cache.values(slot: $0, layer: index)) },
                          output: &s.attention, threads: threads)
            layer.attentionOutput.apply(s.attention, rows: n, into: &s.attentionOutput, threads: threads)

            // MLP branch m = W2 · gelu(W1 · ln2(h)), with h = x (parallel) or x + a (sequential).
            if !c.parallelResidual { Elementwise.add(&s.x, s.attentionOutput, count: n * c.hidden) }
            layer.mlpNorm.layerNorm(s.x, rows: n, eps: eps, into: &s.normed)
            layer.up.apply(s.normed, rows: n, into: &s.mlpHidden, threads: threads)
            c.activation.apply(&s.mlpHidden, count: n * c.intermediate)
            layer.down.apply(s.mlpHidden, rows: n, into: &s.mlpOutput, threads: threads)
            if c.parallelResidual { Elementwise.add(&s.x, s.attentionOutput, count: n * c.hidden) }
            Elementwise.add(&s.x, s.mlpOutput, count: n * c.hidden)
        }
        step.commit(to: cache)

        // Final LayerNorm and LM head, only for the rows whose logits were asked for.
        let rows = step.logitRows.count
        let last = step.gatherLogitRows(s.x, width: c.hidden)
        var normed = [Float](repeating: 0, count: last.count)
        weights.finalNorm.layerNorm(last, rows: rows, eps: eps, into: &normed)
        var logits = [Float](repeating: 0, count: rows * c.vocabularySize)
        MatMul.multiply(normed, rows: rows, weights: weights.output ?? weights.embedding, outputs: c.vocabularySize,
                        inputs: c.hidden, into: &logits, threads: threads)
        return LogitRows(vocabularySize: c.vocabularySize, rowOffsets: step.rowOffsets, values: logits)
    }
}
