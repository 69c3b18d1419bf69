import Kernels

/// Llama-architecture weights (llama2.c's TransformerWeights); layer matrices may stay 16-bit
/// (`WeightMatrix`). Shapes are row-major, outermost first; projections are stored [out × in] and fused where they share an input.
public struct LlamaWeights: Sendable {
    /// (vocab, dim)
    public var tokenEmbedding: EmbeddingTable
    public var layers: [Layer]
    /// (dim)
    public var outputNorm: NormWeights
    /// (vocab, dim), nil when tied to `tokenEmbedding`.
    public var output: WeightMatrix?

    public struct Layer: Sendable {
        /// (dim)
        public var attentionNorm: NormWeights
        /// Q, K, V stacked: (heads·headSize + 2·kvHeads·headSize, dim); biases with Qwen2 / `attention_bias`.
        public var qkv: DenseLayer
        /// (dim, heads·headSize); bias with `attention_bias` (Llama, Qwen3).
        public var attentionOutput: DenseLayer
        /// (dim)
        public var mlpNorm: NormWeights
        /// gate then up: (2·hidden, dim)
        public var gateUp: DenseLayer
        /// (dim, hidden)
        public var down: DenseLayer
        /// (headSize) each: RMSNorm weights applied to every query and key head before RoPE (Qwen3), nil when none.
        public var queryNorm: NormWeights? = nil
        public var keyNorm: NormWeights? = nil
    }

    /// Stored parameters, a tied head counted once.
    public var parameterCount: Int {
        let perLayer = layers.reduce(0) { total, layer in
            total + layer.attentionNorm.parameterCount + layer.qkv.parameterCount + layer.attentionOutput.parameterCount
                + layer.mlpNorm.parameterCount + layer.gateUp.parameterCount + layer.down.parameterCount
                + (layer.queryNorm?.parameterCount ?? 0) + (layer.keyNorm?.parameterCount ?? 0)
        }
        return tokenEmbedding.count + perLayer + outputNorm.parameterCount + (output?.count ?? 0)
    }
}

/// Llama-family decoder: RMSNorm, RoPE, grouped-query attention, SwiGLU. The variants are
/// configuration: Mistral (sliding window), Qwen2 (QKV bias), Qwen3 (Q/K RMSNorm), Llama 3
/// (scaled RoPE frequencies) — see the optional parts of `LlamaWeights.Layer` and `init`.
public final class LlamaModel: CausalLanguageModel {
    public let config: TransformerConfig
    public let weights: LlamaWeights
    public let threads: Int
    let rope: RoPE
    /// One per layer: layers differ only in their attention window.
    let attentionByLayer: [CausalAttention]
    /// The LM head: `output`, or the token embeddings when tied.
    let head: DenseLayer
    /// The activations' arithmetic: `.bfloat16` rounds where transformers' bf16 model does.
    public let compute: ComputePrecision
    let state = DecoderScratch()

    public var inputEmbeddings: EmbeddingTable { weights.tokenEmbedding }
    public var parameterCount: Int { weights.parameterCount }

    /// - Parameters:
    ///   - rope: the rotary embedding (scaled frequencies); by default unscaled from `config.ropeTheta`.
    ///   - attentionWindows: per layer, how many most recent positions a token sees (nil: all);
    ///     empty for full attention in every layer.
    ///   - compute: `.bfloat16` expects weights already rounded to bf16 (the loaders do it).
    public init(config: TransformerConfig, weights: LlamaWeights, threads: Int, rope: RoPE? = nil,
                attentionWindows: [Int?] = [], compute: ComputePrecision = .float32) {
        self.config = config
        self.compute = compute
        self.weights = weights
        self.threads = max(1, threads)
        BLAS.useSingleThreadedCalls()
        self.rope = rope ?? RoPE(pairing: config.ropePairing, rotaryDimensions: config.headSize, theta: config.ropeTheta)
        attentionByLayer = (0..<config.layers).map { layer in
            CausalAttention(heads: config.heads, kvHeads: config.kvHeads, headSize: config.headSize,
                            scale: 1 / Float(config.headSize).squareRoot(), softCap: nil,
                            window: layer < attentionWindows.count ? attentionWindows[layer] : nil,
                            arithmetic: AttentionArithmetic(compute))
        }
        head = DenseLayer(weight: weights.output ?? weights.tokenEmbedding.matrix, bias: nil,
                          outputs: config.vocabularySize, inputs: config.dim, compact: true).computing(compute)
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = config, s = state, eps = c.normEpsilon, bf = compute
        let step = try ForwardStep(chunks, cache: cache, vocabularySize: c.vocabularySize, model: c.architecture)
        let n = step.tokenCount
        s.reserve(tokens: n, width: c.dim, queryWidth: c.queryDim, qkvWidth: c.queryDim + 2 * c.kvDim,
                  mlpWidth: c.hiddenDim, gated: true)
        step.gatherEmbeddings(weights.tokenEmbedding, width: c.dim, into: &s.x)

        for (index, layer) in weights.layers.enumerated() {
            // Attention block: x += Wo · attention(rope(Wqkv · rmsnorm(x)))
            layer.attentionNorm.rmsNorm(s.x, rows: n, eps: eps, into: &s.normed, compute: bf, threads: threads)
            layer.qkv.apply(s.normed, rows: n, into: &s.qkv, threads: threads, rounding: bf)
            normaliseQueriesAndKeys(layer, rows: n)
            step.selfAttention(&s.qkv, attention: attentionByLayer[index], rope: rope, layer: index, cache: cache,
                               output: &s.attention, threads: threads, compute: bf)
            layer.attentionOutput.apply(s.attention, rows: n, into: &s.attentionOutput, threads: threads, rounding: bf)
            bf.add(&s.x, s.attentionOutput, count: n * c.dim)

            // MLP block: x += Wdown · (silu(Wgate · h) ⊙ Wup · h), h = rmsnorm(x)
            layer.mlpNorm.rmsNorm(s.x, rows: n, eps: eps, into: &s.normed, compute: bf, threads: threads)
            layer.gateUp.apply(s.normed, rows: n, into: &s.gateUp, threads: threads, rounding: bf)
            Activation.silu.gated(&s.mlpHidden, s.gateUp, rows: n, hidden: c.hiddenDim, compute: bf, threads: threads)
            layer.down.apply(s.mlpHidden, rows: n, into: &s.mlpOutput, threads: threads, rounding: bf)
            bf.add(&s.x, s.mlpOutput, count: n * c.dim)
        }
        step.commit(to: cache)
        return step.logits(s.x, normalise: { weights.outputNorm.rmsNorm($0, rows: $1, eps: eps, into: $2, compute: bf) },
                           head: head, threads: threads, compute: bf)
    }

    /// Qwen3: RMSNorm of every query and key head of each row, in place, before RoPE.
    private func normaliseQueriesAndKeys(_ layer: LlamaWeights.Layer, rows: Int) {
        guard let queryNorm = layer.queryNorm, let keyNorm = layer.keyNorm else { return }
        let c = config, width = layer.qkv.outputs
        state.qkv.withUnsafeMutableBufferPointer { qkv in
            for row in 0..<rows {
                let queries = qkv.baseAddress! + row * width
                queryNorm.rmsNorm(queries, rows: c.heads, eps: c.normEpsilon, into: queries, compute: compute)
                keyNorm.rmsNorm(queries + c.queryDim, rows: c.kvHeads, eps: c.normEpsilon, into: queries + c.queryDim,
                                compute: compute)
            }
        }
    }
}
