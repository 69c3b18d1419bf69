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
    /// The activations' arithmetic: `.bfloat16` rounds where transformers' bf16 model does.
    public let compute: ComputePrecision
    let state = DecoderScratch()

    public var inputEmbeddings: EmbeddingTable { weights.embedding }
    public var parameterCount: Int { weights.parameterCount }

    /// - Parameter compute: `.bfloat16` expects weights already rounded to bf16 (the loader does it).
    public init(architecture: String, configuration: GPTNeoXConfiguration, weights: GPTNeoXWeights, threads: Int,
                compute: ComputePrecision = .float32) {
        self.configuration = configuration
        self.compute = compute
        config = configuration.transformerConfig(architecture: architecture)
        self.weights = weights
        self.threads = max(1, threads)
        BLAS.useSingleThreadedCalls()
        rope = RoPE(pairing: .halves, rotaryDimensions: configuration.rotaryDimensions, theta: configuration.ropeTheta,
                    scaling: configuration.ropeScaling)
        attention = CausalAttention(heads: configuration.heads, kvHeads: configuration.heads, headSize: configuration.headSize,
                                    scale: 1 / Float(configuration.headSize).squareRoot(), softCap: nil, window: nil,
                                    arithmetic: AttentionArithmetic(compute))
        head = DenseLayer(weight: weights.output ?? weights.embedding.matrix, bias: nil,
                          outputs: configuration.vocabularySize, inputs: configuration.hidden, compact: true).computing(compute)
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = configuration, s = state, eps = c.layerNormEpsilon, bf = compute
        let step = try ForwardStep(chunks, cache: cache, vocabularySize: c.vocabularySize, model: config.architecture)
        let n = step.tokenCount
        s.reserve(tokens: n, width: c.hidden, queryWidth: c.hidden, qkvWidth: 3 * c.hidden, mlpWidth: c.intermediate, gated: false)
        step.gatherEmbeddings(weights.embedding, width: c.hidden, into: &s.x)

        for (index, layer) in weights.layers.enumerated() {
            // Attention branch: a = Wo · attention(rope(Wqkv · ln1(x)))
            layer.attentionNorm.layerNorm(s.x, rows: n, eps: eps, into: &s.normed, compute: bf)
            layer.qkv.apply(s.normed, rows: n, into: &s.qkv, threads: threads, rounding: bf)
            step.selfAttention(&s.qkv, attention: attention, rope: rope, layer: index, cache: cache,
                               output: &s.attention, threads: threads, compute: bf)
            layer.attentionOutput.apply(s.attention, rows: n, into: &s.attentionOutput, threads: threads, rounding: bf)

            // MLP branch m = W2 · gelu(W1 · ln2(h)), with h = x (parallel) or x + a (sequential).
            if !c.parallelResidual { bf.add(&s.x, s.attentionOutput, count: n * c.hidden) }
            layer.mlpNorm.layerNorm(s.x, rows: n, eps: eps, into: &s.normed, compute: bf)
            layer.up.apply(s.normed, rows: n, into: &s.mlpHidden, threads: threads, rounding: bf)
            c.activation.apply(&s.mlpHidden, count: n * c.intermediate, compute: bf, formula: c.activationFormula)
            layer.down.apply(s.mlpHidden, rows: n, into: &s.mlpOutput, threads: threads, rounding: bf)
            // transformers: x = mlp + attn + x (parallel), x = mlp + (attn + x) (sequential).
            if c.parallelResidual {
                bf.addBranches(&s.x, s.attentionOutput, s.mlpOutput, count: n * c.hidden)
            } else {
                bf.add(&s.x, s.mlpOutput, count: n * c.hidden)
            }
        }
        step.commit(to: cache)

        return step.logits(s.x, normalise: { weights.finalNorm.layerNorm($0, rows: $1, eps: eps, into: $2, compute: bf) },
                           head: head, threads: threads, compute: bf)
    }
}
