import Kernels
import Weights

extension Gemma2Model {
    /// Loads a Gemma-2 Hugging Face folder (`model.*` tensor names), layer matrices as `precision` says,
    /// folding Gemma's RMSNorm offsets into plain scales (1 + w).
    public static func load(huggingFace checkpoint: HFCheckpoint, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> Gemma2Model {
        let c = try checkpoint.decodeConfiguration(Gemma2Configuration.self)
        let t = TensorReader(checkpoint.tensors, precision: precision, compute: compute)
        try t.checkLayerCount(c.layers, key: "num_hidden_layers", file: checkpoint.configPath) { "model.layers.\($0).input_layernorm.weight" }
        func norm(_ prefix: String) throws -> NormWeights {
            NormWeights(weight: try t.tensor("\(prefix).weight", shape: [c.hidden]).map { 1 + $0 }, bias: nil)
        }
        let layers = try (0..<c.layers).map { layer -> Gemma2Weights.Layer in
            let name = { (suffix: String) in "model.layers.\(layer).\(suffix)" }
            return Gemma2Weights.Layer(
                attentionNorm: try norm(name("input_layernorm")),
                qkv: try t.stackedDense([(name("self_attn.q_proj"), c.queryDim), (name("self_attn.k_proj"), c.kvDim),
                                         (name("self_attn.v_proj"), c.kvDim)], inputs: c.hidden, bias: c.attentionBias),
                attentionOutput: try t.dense(name("self_attn.o_proj"), outputs: c.hidden, inputs: c.queryDim, bias: c.attentionBias),
                postAttentionNorm: try norm(name("post_attention_layernorm")),
                mlpNorm: try norm(name("pre_feedforward_layernorm")),
                gateUp: try t.stackedDense([(name("mlp.gate_proj"), c.intermediate), (name("mlp.up_proj"), c.intermediate)],
                                           inputs: c.hidden, bias: false),
                down: try t.dense(name("mlp.down_proj"), outputs: c.hidden, inputs: c.intermediate, bias: false),
                postMLPNorm: try norm(name("post_feedforward_layernorm")))
        }
        let weights = Gemma2Weights(
            embedding: try t.embeddingTable("model.embed_tokens.weight", rows: c.vocabularySize, columns: c.hidden),
            layers: layers,
            finalNorm: try norm("model.norm"),
            output: c.tiedEmbeddings ? nil : try t.matrix("lm_head.weight", rows: c.vocabularySize, columns: c.hidden))
        try t.checkAllUsed(modelType: checkpoint.modelType) { c.tiedEmbeddings && $0 == "lm_head.weight" }
        return Gemma2Model(architecture: checkpoint.modelType, configuration: c, weights: weights, threads: threads, compute: compute)
    }
}
