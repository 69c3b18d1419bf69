import Kernels
import Weights

extension PhiModel {
    /// Loads a `phi2` GGUF. Q, K and V are separate (`attn_q`/`attn_k`/`attn_v`, converted from
    /// transformers' layout) or fused (`attn_qkv`, from the original phi-2 `Wqkv`, rows already
    /// [Q | K | V]); neither is permuted. Partial rotary comes from `rope.dimension_count`. The MLP
    /// width is read from `ffn_up` because the converter writes 4 × embedding_length as
    /// feed_forward_length whatever the checkpoint has.
    public static func load(gguf file: GGUFFile, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> PhiModel {
        let reader = try GGUFModelReader(file)
        let (vocabularySize, hidden, heads, headSize) = try reader.attentionWidths()
        let rotary = try reader.rotaryDimensions(headSize: headSize)
        _ = try reader.count("feed_forward_length")
        let c = try reader.configuration(PhiConfiguration.self, [
            "hidden_size": hidden,
            "intermediate_size": try reader.rows(of: GGUFNames.block(0, "ffn_up.weight")),
            "num_hidden_layers": try reader.count("block_count", in: ModelLimits.layers),
            "num_attention_heads": heads,
            "num_key_value_heads": try reader.count("attention.head_count_kv", default: heads),
            "vocab_size": vocabularySize,
            "max_position_embeddings": try reader.contextLength,
            "layer_norm_eps": try reader.number("attention.layer_norm_epsilon"),
            "hidden_act": "gelu_new",
            "tie_word_embeddings": !file.hasTensor(GGUFNames.output),
            "rope_theta": reader.double("rope.freq_base", default: 10_000),
            "partial_rotary_factor": Double(rotary) / Double(headSize),
        ])
        try reader.checkRotary(configured: c.rotaryDimensions, stored: rotary, headSize: headSize)
        let t = try reader.tensors(layers: c.layers, precision: precision, compute: compute)
        let queryDim = c.heads * c.headSize, kvDim = c.kvHeads * c.headSize
        let fused = file.hasTensor(GGUFNames.block(0, "attn_qkv.weight"))
        let layers = try (0..<c.layers).map { layer -> PhiWeights.Layer in
            let name = { GGUFNames.block(layer, $0) }
            let qkv = fused
                ? try t.dense(name("attn_qkv"), outputs: queryDim + 2 * kvDim, inputs: c.hidden, bias: true)
                : try t.stackedDense([(name("attn_q"), queryDim), (name("attn_k"), kvDim), (name("attn_v"), kvDim)], inputs: c.hidden, bias: true)
            return PhiWeights.Layer(
                norm: try t.norm(name("attn_norm"), width: c.hidden, bias: true),
                qkv: qkv,
                attentionOutput: try t.dense(name("attn_output"), outputs: c.hidden, inputs: queryDim, bias: true),
                up: try t.dense(name("ffn_up"), outputs: c.intermediate, inputs: c.hidden, bias: true),
                down: try t.dense(name("ffn_down"), outputs: c.hidden, inputs: c.intermediate, bias: true))
        }
        let embedding = try t.embeddingTable(GGUFNames.tokenEmbedding, rows: c.vocabularySize, columns: c.hidden)
        let headWeight = c.tiedEmbeddings ? embedding.matrix : try t.matrix(GGUFNames.output, rows: c.vocabularySize, columns: c.hidden)
        var output = DenseLayer(weight: headWeight, bias: try t.tensor("output.bias", shape: [c.vocabularySize]),
                                outputs: c.vocabularySize, inputs: c.hidden, compact: true)
        output.compute = compute
        let weights = PhiWeights(embedding: embedding, layers: layers,
                                 finalNorm: try t.norm(GGUFNames.outputNorm, width: c.hidden, bias: true), output: output)
        try t.checkAllUsed(modelType: reader.architecture, settings: "this file's metadata")
        return PhiModel(architecture: reader.architecture, configuration: c, weights: weights, threads: threads, compute: compute)
    }
}
