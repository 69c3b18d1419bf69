import Kernels
import Weights

extension Gemma2Model {
    /// Loads a `gemma2` GGUF as llama.cpp runs it. The converter stores every RMSNorm weight as
    /// (1 + w) already, so norms are used as stored (the Hugging Face loader adds the 1 itself).
    /// The output head is always the embedding table. Keys the converter may leave out take
    /// llama.cpp's defaults: sliding window 4096, soft caps 50 (attention) and 30 (final), RoPE
    /// base 10 000; sliding layers alternate from layer 0. Queries are scaled by 1/√head size,
    /// except for the 46-layer (27B) model, where llama.cpp (following gemma_pytorch) uses
    /// 1/√(embedding_length / head_count).
    public static func load(gguf file: GGUFFile, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> Gemma2Model {
        let reader = try GGUFModelReader(file)
        let (vocabularySize, hidden, heads, headSize) = try reader.attentionWidths(keyLengthAllowed: true)
        let layers = try reader.count("block_count", in: ModelLimits.layers)
        let valueSize = try reader.count("attention.value_length", default: headSize)
        guard valueSize == headSize else {
            throw ModelError(file: file.path, "metadata key '\(reader.key("attention.value_length"))' \(valueSize) differs from key_length \(headSize) (not supported)")
        }
        try reader.refuseScaledRoPE()
        let attentionBias = file.hasTensor(GGUFNames.block(0, "attn_q.bias"))
        let c = try reader.configuration(Gemma2Configuration.self, [
            "hidden_size": hidden,
            "intermediate_size": try reader.count("feed_forward_length"),
            "num_hidden_layers": layers,
            "num_attention_heads": heads,
            "num_key_value_heads": try reader.count("attention.head_count_kv", default: heads),
            "head_dim": headSize,
            "vocab_size": vocabularySize,
            "max_position_embeddings": try reader.contextLength,
            "rms_norm_eps": try reader.number("attention.layer_norm_rms_epsilon"),
            "hidden_activation": "gelu_pytorch_tanh",
            "attention_bias": attentionBias,
            "tie_word_embeddings": true,
            "rope_parameters": ["rope_theta": reader.double("rope.freq_base", default: 10_000), "rope_type": "default"],
            "query_pre_attn_scalar": layers == 46 ? hidden / heads : headSize,
            "sliding_window": try reader.count("attention.sliding_window", default: 4096),
            "attn_logit_softcapping": reader.double("attn_logit_softcapping", default: 50),
            "final_logit_softcapping": reader.double("final_logit_softcapping", default: 30),
        ])
        let t = try reader.tensors(layers: c.layers, precision: precision, compute: compute)
        let weights = Gemma2Weights(
            embedding: try t.embeddingTable(GGUFNames.tokenEmbedding, rows: c.vocabularySize, columns: c.hidden),
            layers: try (0..<c.layers).map { layer in
                let name = { GGUFNames.block(layer, $0) }
                return Gemma2Weights.Layer(
                    attentionNorm: try t.norm(name("attn_norm"), width: c.hidden, bias: false),
                    qkv: try t.stackedDense([(name("attn_q"), c.queryDim), (name("attn_k"), c.kvDim), (name("attn_v"), c.kvDim)],
                                            inputs: c.hidden, bias: c.attentionBias),
                    attentionOutput: try t.dense(name("attn_output"), outputs: c.hidden, inputs: c.queryDim, bias: c.attentionBias),
                    postAttentionNorm: try t.norm(name("post_attention_norm"), width: c.hidden, bias: false),
                    mlpNorm: try t.norm(name("ffn_norm"), width: c.hidden, bias: false),
                    gateUp: try t.stackedDense([(name("ffn_gate"), c.intermediate), (name("ffn_up"), c.intermediate)],
                                               inputs: c.hidden, bias: false),
                    down: try t.dense(name("ffn_down"), outputs: c.hidden, inputs: c.intermediate, bias: false),
                    postMLPNorm: try t.norm(name("post_ffw_norm"), width: c.hidden, bias: false))
            },
            finalNorm: try t.norm(GGUFNames.outputNorm, width: c.hidden, bias: false),
            output: nil)
        try t.checkAllUsed(modelType: reader.architecture, settings: "this file's metadata")
        return Gemma2Model(architecture: reader.architecture, configuration: c, weights: weights, threads: threads, compute: compute)
    }
}
