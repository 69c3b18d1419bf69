import Kernels
import Weights

extension GPTNeoXModel {
    /// Loads a `gptneox` GGUF (Pythia, GPT-NeoX). The converter regroups `query_key_value` from
    /// per-head (q, k, v) rows to [all Q | all K | all V] (`attn_qkv`), the layout the shared
    /// attention reads, so it is used as stored; Q and K are not permuted (NeoX RoPE, `.halves`).
    /// Partial rotary comes from `rope.dimension_count`, the RoPE base from `rope.freq_base`
    /// (10 000 when absent, as llama.cpp has it).
    public static func load(gguf file: GGUFFile, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> GPTNeoXModel {
        let reader = try GGUFModelReader(file)
        let (vocabularySize, hidden, heads, headSize) = try reader.attentionWidths()
        let kvHeads = try reader.count("attention.head_count_kv", default: heads)
        guard kvHeads == heads else {
            throw ModelError(file: file.path, "metadata key '\(reader.key("attention.head_count_kv"))' \(kvHeads) differs from head_count \(heads) (GPT-NeoX has no grouped attention)")
        }
        let rotary = try reader.rotaryDimensions(headSize: headSize)
        let attentionBias = file.hasTensor(GGUFNames.block(0, "attn_qkv.bias"))
        let c = try reader.configuration(GPTNeoXConfiguration.self, [
            "hidden_size": hidden,
            "intermediate_size": try reader.count("feed_forward_length"),
            "num_hidden_layers": try reader.count("block_count", in: ModelLimits.layers),
            "num_attention_heads": heads,
            "vocab_size": vocabularySize,
            "max_position_embeddings": try reader.contextLength,
            "layer_norm_eps": try reader.number("attention.layer_norm_epsilon"),
            "hidden_act": "gelu",
            "use_parallel_residual": try reader.flag("use_parallel_residual", default: true),
            "attention_bias": attentionBias,
            "tie_word_embeddings": !file.hasTensor(GGUFNames.output),
            "rotary_emb_base": reader.double("rope.freq_base", default: 10_000),
            "rotary_pct": Double(rotary) / Double(headSize),
        ])
        try reader.checkRotary(configured: c.rotaryDimensions, stored: rotary, headSize: headSize)
        let t = try reader.tensors(layers: c.layers, precision: precision, compute: compute)
        let layers = try (0..<c.layers).map { layer -> GPTNeoXWeights.Layer in
            let name = { GGUFNames.block(layer, $0) }
            return GPTNeoXWeights.Layer(
                attentionNorm: try t.norm(name("attn_norm"), width: c.hidden, bias: true),
                qkv: try t.dense(name("attn_qkv"), outputs: 3 * c.hidden, inputs: c.hidden, bias: c.attentionBias),
                attentionOutput: try t.dense(name("attn_output"), outputs: c.hidden, inputs: c.hidden, bias: c.attentionBias),
                mlpNorm: try t.norm(name("ffn_norm"), width: c.hidden, bias: true),
                up: try t.dense(name("ffn_up"), outputs: c.intermediate, inputs: c.hidden, bias: true),
                down: try t.dense(name("ffn_down"), outputs: c.hidden, inputs: c.intermediate, bias: true))
        }
        let weights = GPTNeoXWeights(
            embedding: try t.embeddingTable(GGUFNames.tokenEmbedding, rows: c.vocabularySize, columns: c.hidden),
            layers: layers,
            finalNorm: try t.norm(GGUFNames.outputNorm, width: c.hidden, bias: true),
            output: c.tiedEmbeddings ? nil : try t.matrix(GGUFNames.output, rows: c.vocabularySize, columns: c.hidden))
        try t.checkAllUsed(modelType: reader.architecture, settings: "this file's metadata")
        return GPTNeoXModel(architecture: reader.architecture, configuration: c, weights: weights, threads: threads, compute: compute)
    }
}
