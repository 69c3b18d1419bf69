import Kernels

/// GPT-NeoX weights in float32. Shapes are row-major, outermost first.
public struct GPTNeoXWeights: Sendable {
    /// (vocab, hidden)
    public var embedding: EmbeddingTable
    public var layers: [Layer]
    /// (hidden) weight and bias
    public var finalNorm: NormWeights
    /// (vocab, hidden), nil when tied to `embedding`.
    public var output: WeightMatrix?

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

    /// Stored parameters, a tied head counted once.
    public var parameterCount: Int {
        let perLayer = layers.reduce(0) { total, layer in
            total + layer.attentionNorm.parameterCount + layer.qkv.parameterCount + layer.attentionOutput.parameterCount
                + layer.mlpNorm.parameterCount + layer.up.parameterCount + layer.down.parameterCount
        }
        return embedding.count + perLayer + finalNorm.parameterCount + (output?.count ?? 0)
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
    /// The LM head: `embed_out`, or the input embeddings when tied.
    let head: DenseLayer
    let state = DecoderScratch()

    public var inputEmbeddings: EmbeddingTable { weights.embedding }
    public var parameterCount: Int { weights.parameterCount }

    public init(architecture: String, configuration: GPTNeoXConfiguration, weights: GPTNeoXWeights, threads: Int) {
        self.configuration = configuration
        config = configuration.transformerConfig(architecture: architecture)
        self.weights = weights
        self.threads = max(1, threads)
        BLAS.useSingleThreadedCalls()
        rope = RoPE(pairing: .halves, rotaryDimensions: configuration.rotaryDimensions, theta: configuration.ropeTheta,
                    scaling: configuration.ropeScaling)
        attention = CausalAttention(heads: configuration.heads, kvHeads: configuration.heads, headSize: configuration.headSize,
                                    scale: 1 / Float(configuration.headSize).squareRoot(), softCap: nil, window: nil)
        head = DenseLayer(weight: weights.output ?? weights.embedding.matrix, bias: nil,
                          outputs: configuration.vocabularySize, inputs: configuration.hidden, compact: true)
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = configuration, s = state, eps = c.layerNormEpsilon
        let step = try ForwardStep(chunks, cache: cache, vocabularySize: c.vocabularySize, model: config.architecture)
        let n = step.tokenCount
        s.reserve(tokens: n, width: c.hidden, queryWidth: c.hidden, qkvWidth: 3 * c.hidden, mlpWidth: c.intermediate, gated: false)
        step.gatherEmbeddings(weights.embedding, width: c.hidden, into: &s.x)

        for (index, layer) in weights.layers.enumerated() {
            // Attention branch: a = Wo · attention(rope(Wqkv · ln1(x)))
            layer.attentionNorm.layerNorm(s.x, rows: n, eps: eps, into: &s.normed)
            layer.qkv.apply(s.normed, rows: n, into: &s.qkv, threads: threads)
            step.selfAttention(&s.qkv, attention: attention, rope: rope, layer: index, cache: cache,
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

        return step.logits(s.x, normalise: { weights.finalNorm.layerNorm($0, rows: $1, eps: eps, into: $2) },
                           head: head, threads: threads)
    }
}
