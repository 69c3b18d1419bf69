import Kernels

/// Phi weights in float32. Shapes are row-major, outermost first.
public struct PhiWeights: Sendable {
    /// (vocab, hidden)
    public var embedding: EmbeddingTable
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

    /// Stored parameters; with `tiedHead` the head's weight is the embedding, counted once (its
    /// bias is always its own).
    public func parameterCount(tiedHead: Bool) -> Int {
        let perLayer = layers.reduce(0) { total, layer in
            total + layer.norm.parameterCount + layer.qkv.parameterCount + layer.attentionOutput.parameterCount
                + layer.up.parameterCount + layer.down.parameterCount
        }
        let head = tiedHead ? output.bias?.count ?? 0 : output.parameterCount
        return embedding.count + perLayer + finalNorm.parameterCount + head
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
    /// The activations' arithmetic: `.bfloat16` rounds where transformers' bf16 model does.
    public let compute: ComputePrecision
    let state = DecoderScratch()

    public var inputEmbeddings: EmbeddingTable { weights.embedding }
    public var parameterCount: Int { weights.parameterCount(tiedHead: configuration.tiedEmbeddings) }

    /// - Parameter compute: `.bfloat16` expects weights already rounded to bf16 (the loader does it).
    public init(architecture: String, configuration: PhiConfiguration, weights: PhiWeights, threads: Int,
                compute: ComputePrecision = .float32) {
        self.configuration = configuration
        self.compute = compute
        config = configuration.transformerConfig(architecture: architecture)
        self.weights = weights
        self.threads = max(1, threads)
        BLAS.useSingleThreadedCalls()
        rope = RoPE(pairing: .halves, rotaryDimensions: configuration.rotaryDimensions, theta: configuration.ropeTheta,
                    scaling: configuration.ropeScaling)
        attention = CausalAttention(heads: configuration.heads, kvHeads: configuration.kvHeads, headSize: configuration.headSize,
                                    scale: 1 / Float(configuration.headSize).squareRoot(), softCap: nil, window: nil,
                                    arithmetic: AttentionArithmetic(compute))
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = configuration, s = state, eps = c.layerNormEpsilon, bf = compute
        let step = try ForwardStep(chunks, cache: cache, vocabularySize: c.vocabularySize, model: config.architecture)
        let n = step.tokenCount
        s.reserve(tokens: n, width: c.hidden, queryWidth: c.heads * c.headSize,
                  qkvWidth: (c.heads + 2 * c.kvHeads) * c.headSize, mlpWidth: c.intermediate, gated: false)
        step.gatherEmbeddings(weights.embedding, width: c.hidden, into: &s.x)

        for (index, layer) in weights.layers.enumerated() {
            // h = ln(x); x += Wo · attention(rope(Wqkv · h)) + W2 · gelu(W1 · h)
            layer.norm.layerNorm(s.x, rows: n, eps: eps, into: &s.normed, compute: bf)
            layer.qkv.apply(s.normed, rows: n, into: &s.qkv, threads: threads, rounding: bf)
            step.selfAttention(&s.qkv, attention: attention, rope: rope, layer: index, cache: cache,
                               output: &s.attention, threads: threads, compute: bf)
            layer.attentionOutput.apply(s.attention, rows: n, into: &s.attentionOutput, threads: threads, rounding: bf)

            layer.up.apply(s.normed, rows: n, into: &s.mlpHidden, threads: threads, rounding: bf)
            c.activation.apply(&s.mlpHidden, count: n * c.intermediate, compute: bf, formula: c.activationFormula)
            layer.down.apply(s.mlpHidden, rows: n, into: &s.mlpOutput, threads: threads, rounding: bf)

            // transformers: x = attn + mlp + x.
            bf.addBranches(&s.x, s.attentionOutput, s.mlpOutput, count: n * c.hidden)
        }
        step.commit(to: cache)

        // Final LayerNorm and LM head (with bias).
        return step.logits(s.x, normalise: { weights.finalNorm.layerNorm($0, rows: $1, eps: eps, into: $2, compute: bf) },
                           head: weights.output, threads: threads, compute: bf)
    }
}
