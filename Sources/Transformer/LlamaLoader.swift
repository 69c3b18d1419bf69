import Weights

extension LlamaModel {
    /// Loads a llama-architecture GGUF (Llama 2/3, Mistral, SmolLM); layer matrices as `precision` says
    /// (quantised types are always dequantised to float32).
    ///
    /// llama.cpp's converter permutes Q and K rows so that RoPE rotates interleaved pairs; the
    /// weights are used as stored with `.interleaved` pairing, which is the same attention as
    /// Hugging Face's rotate_half on the unpermuted rows.
    public static func load(gguf file: GGUFFile, threads: Int, weights precision: WeightPrecision = .stored) throws -> LlamaModel {
        let reader = try GGUFModelReader(file)
        let embedding = try file.tensorInfo(GGUFNames.tokenEmbedding)
        guard embedding.shape.count == 2 else {
            throw ModelError(file: file.path, "tensor '\(GGUFNames.tokenEmbedding)' has shape \(embedding.shape), expected [vocab, dim]")
        }
        let dim = try reader.int("embedding_length")
        let heads = try reader.int("attention.head_count")
        let kvHeads = reader.int("attention.head_count_kv", default: heads)
        guard heads > 0, kvHeads > 0, heads % kvHeads == 0, dim % heads == 0 else {
            throw ModelError(file: file.path, "attention.head_count \(heads) and head_count_kv \(kvHeads) do not divide embedding_length \(dim)")
        }
        let headSize = reader.int("attention.key_length", default: dim / heads)
        let config = TransformerConfig(
            architecture: reader.architecture,
            dim: dim,
            hiddenDim: try reader.int("feed_forward_length"),
            layers: try reader.int("block_count"),
            heads: heads,
            kvHeads: kvHeads,
            headSize: headSize,
            vocabularySize: embedding.shape[0],
            contextLength: reader.contextLength,
            normEpsilon: Float(try reader.double("attention.layer_norm_rms_epsilon")),
            ropeTheta: reader.double("rope.freq_base", default: 10_000),
            ropePairing: .interleaved,
            tiedEmbeddings: !file.hasTensor(GGUFNames.output))
        let rotary = reader.int("rope.dimension_count", default: headSize)
        guard rotary == headSize else {
            throw ModelError(file: file.path, "partial rotary (rope.dimension_count \(rotary) < head size \(headSize)) is not supported for \(reader.architecture)")
        }

        let c = config
        let tensors = TensorReader(file, precision: precision)
        let layers = try (0..<c.layers).map { layer -> LlamaWeights.Layer in
            let name = { GGUFNames.block(layer, $0) }
            return LlamaWeights.Layer(
                attentionNorm: try tensors.norm(name("attn_norm"), width: c.dim, bias: false),
                qkv: try tensors.stackedDense([(name("attn_q"), c.queryDim), (name("attn_k"), c.kvDim), (name("attn_v"), c.kvDim)],
                                              inputs: c.dim, bias: false),
                attentionOutput: try tensors.dense(name("attn_output"), outputs: c.dim, inputs: c.queryDim, bias: false),
                mlpNorm: try tensors.norm(name("ffn_norm"), width: c.dim, bias: false),
                gateUp: try tensors.stackedDense([(name("ffn_gate"), c.hiddenDim), (name("ffn_up"), c.hiddenDim)], inputs: c.dim, bias: false),
                down: try tensors.dense(name("ffn_down"), outputs: c.dim, inputs: c.hiddenDim, bias: false))
        }
        let weights = LlamaWeights(
            tokenEmbedding: try tensors.tensor(GGUFNames.tokenEmbedding, shape: [c.vocabularySize, c.dim]),
            layers: layers,
            outputNorm: try tensors.norm(GGUFNames.outputNorm, width: c.dim, bias: false),
            output: c.tiedEmbeddings ? nil : try tensors.tensor(GGUFNames.output, shape: [c.vocabularySize, c.dim]))
        return LlamaModel(config: config, weights: weights, threads: threads)
    }
}
