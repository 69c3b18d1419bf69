import Kernels

/// Gemma-2 weights in float32. Shapes are row-major, outermost first. RMSNorm weights are stored
/// by Gemma as offsets from 1; here they hold the full scale (1 + w), folded in at load.
public struct Gemma2Weights: Sendable {
    /// (vocab, hidden), unscaled
    public var embedding: EmbeddingTable
    public var layers: [Layer]
    /// norm: (hidden)
    public var finalNorm: NormWeights
    /// lm_head (vocab, hidden), nil when tied to `embedding`.
    public var output: WeightMatrix?

    public struct Layer: Sendable {
        /// input_layernorm: (hidden)
        public var attentionNorm: NormWeights
        /// q_proj, k_proj, v_proj stacked: (heads·headSize + 2·kvHeads·headSize, hidden)
        public var qkv: DenseLayer
        /// o_proj: (hidden, heads·headSize)
        public var attentionOutput: DenseLayer
        /// post_attention_layernorm: (hidden), on the attention output before the residual add
        public var postAttentionNorm: NormWeights
        /// pre_feedforward_layernorm: (hidden)
        public var mlpNorm: NormWeights
        /// gate_proj then up_proj: (2·intermediate, hidden)
        public var gateUp: DenseLayer
        /// down_proj: (hidden, intermediate)
        public var down: DenseLayer
        /// post_feedforward_layernorm: (hidden), on the MLP output before the residual add
        public var postMLPNorm: NormWeights
    }

    /// Stored parameters, a tied head counted once.
    public var parameterCount: Int {
        let perLayer = layers.reduce(0) { total, layer in
            total + layer.attentionNorm.parameterCount + layer.qkv.parameterCount + layer.attentionOutput.parameterCount
                + layer.postAttentionNorm.parameterCount + layer.mlpNorm.parameterCount + layer.gateUp.parameterCount
                + layer.down.parameterCount + layer.postMLPNorm.parameterCount
        }
        return embedding.count + perLayer + finalNorm.parameterCount + (output?.count ?? 0)
    }
}

/// Gemma-2 decoder: embeddings scaled by √hidden, sandwich RMSNorms around attention and MLP,
/// attention scaled by 1/√query_pre_attn_scalar with tanh soft-capped scores, sliding-window
/// and full layers alternating, GeGLU MLP, soft-capped final logits.
public final class Gemma2Model: CausalLanguageModel {
    public let configuration: Gemma2Configuration
    public let config: TransformerConfig
    public let weights: Gemma2Weights
    public let threads: Int
    let rope: RoPE
    /// One per layer: sliding layers see only the last `sliding_window` positions.
    let attention: [CausalAttention]
    /// The LM head: `lm_head`, or the input embeddings when tied.
    let head: DenseLayer
    /// The activations' arithmetic: `.bfloat16` rounds where transformers' bf16 model does.
    public let compute: ComputePrecision
    let state = DecoderScratch()

    public var inputEmbeddings: EmbeddingTable { weights.embedding }
    public var parameterCount: Int { weights.parameterCount }

    /// - Parameter compute: `.bfloat16` expects weights already rounded to bf16 (the loader does it).
    public init(architecture: String, configuration: Gemma2Configuration, weights: Gemma2Weights, threads: Int,
                compute: ComputePrecision = .float32) {
        self.configuration = configuration
        self.compute = compute
        config = configuration.transformerConfig(architecture: architecture)
        self.weights = weights
        self.threads = max(1, threads)
        BLAS.useSingleThreadedCalls()
        let c = configuration
        rope = RoPE(pairing: .halves, rotaryDimensions: c.headSize, theta: c.ropeTheta, scaling: c.ropeScaling)
        attention = c.layerTypes.map { type in
            CausalAttention(heads: c.heads, kvHeads: c.kvHeads, headSize: c.headSize,
                            scale: Float(1 / c.queryPreAttentionScalar.squareRoot()), softCap: c.attentionSoftCap,
                            window: type == .sliding ? c.slidingWindow : nil,
                            // transformers runs Gemma-2 with eager attention (sdpa cannot soft-cap).
                            arithmetic: AttentionArithmetic(compute, eager: true))
        }
        head = DenseLayer(weight: weights.output ?? weights.embedding.matrix, bias: nil, outputs: c.vocabularySize, inputs: c.hidden,
                          compact: true).computing(compute)
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = configuration, s = state, eps = c.rmsNormEpsilon, bf = compute
        let step = try ForwardStep(chunks, cache: cache, vocabularySize: c.vocabularySize, model: config.architecture)
        let n = step.tokenCount
        s.reserve(tokens: n, width: c.hidden, queryWidth: c.queryDim, qkvWidth: c.queryDim + 2 * c.kvDim,
                  mlpWidth: c.intermediate, gated: true)
        step.gatherEmbeddings(weights.embedding, width: c.hidden, into: &s.x)
        // transformers scales by √hidden rounded to the activation dtype (float32 here).
        bf.scale(&s.x, by: Float(Double(c.hidden).squareRoot()), count: n * c.hidden)

        for (index, layer) in weights.layers.enumerated() {
            // x += postnorm(Wo · attention(rope(Wqkv · rmsnorm(x))))
            // Gemma's RMSNorm multiplies by (1 + w) in float32 and rounds once.
            layer.attentionNorm.rmsNormRoundedOnce(s.x, rows: n, eps: eps, into: &s.normed, compute: bf)
            layer.qkv.apply(s.normed, rows: n, into: &s.qkv, threads: threads, rounding: bf)
            step.selfAttention(&s.qkv, attention: attention[index], rope: rope, layer: index, cache: cache,
                               output: &s.attention, threads: threads, compute: bf)
            layer.attentionOutput.apply(s.attention, rows: n, into: &s.attentionOutput, threads: threads, rounding: bf)
            layer.postAttentionNorm.rmsNormRoundedOnce(s.attentionOutput, rows: n, eps: eps, into: &s.normed, compute: bf)
            bf.add(&s.x, s.normed, count: n * c.hidden)

            // x += postnorm(Wdown · (gelu(Wgate · h) ⊙ Wup · h)), h = rmsnorm(x)
            layer.mlpNorm.rmsNormRoundedOnce(s.x, rows: n, eps: eps, into: &s.normed, compute: bf)
            layer.gateUp.apply(s.normed, rows: n, into: &s.gateUp, threads: threads, rounding: bf)
            c.activation.gated(&s.mlpHidden, s.gateUp, rows: n, hidden: c.intermediate, compute: bf, threads: threads)
            layer.down.apply(s.mlpHidden, rows: n, into: &s.mlpOutput, threads: threads, rounding: bf)
            layer.postMLPNorm.rmsNormRoundedOnce(s.mlpOutput, rows: n, eps: eps, into: &s.normed, compute: bf)
            bf.add(&s.x, s.normed, count: n * c.hidden)
        }
        step.commit(to: cache)

        var logits = step.logits(s.x, normalise: { weights.finalNorm.rmsNormRoundedOnce($0, rows: $1, eps: eps, into: $2, compute: bf) },
                                 head: head, threads: threads, compute: bf)
        if let cap = c.finalSoftCap { bf.softCap(&logits.values, count: logits.values.count, cap: cap) }
        return logits
    }
}
