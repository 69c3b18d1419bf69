import Kernels
import Weights

extension PhiModel {
    /// Loads a Phi Hugging Face folder (`model.*` and `lm_head.*` tensor names, as transformers
    /// has stored Phi since 4.37); layer matrices as `precision` says.
    public static func load(huggingFace checkpoint: HFCheckpoint, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> PhiModel {
        let c = try checkpoint.decodeConfiguration(PhiConfiguration.self)
        let t = TensorReader(checkpoint.tensors, precision: precision, compute: compute)
        try t.checkLayerCount(c.layers, key: "num_hidden_layers", file: checkpoint.configPath) { "model.layers.\($0).input_layernorm.weight" }
        let queryDim = c.heads * c.headSize, kvDim = c.kvHeads * c.headSize
        let layers = try (0..<c.layers).map { layer -> PhiWeights.Layer in
            let name = { (suffix: String) in "model.layers.\(layer).\(suffix)" }
            return PhiWeights.Layer(
                norm: try t.norm(name("input_layernorm"), width: c.hidden, bias: true),
                qkv: try t.stackedDense([(name("self_attn.q_proj"), queryDim), (name("self_attn.k_proj"), kvDim),
                                         (name("self_attn.v_proj"), kvDim)], inputs: c.hidden, bias: true),
                attentionOutput: try t.dense(name("self_attn.dense"), outputs: c.hidden, inputs: queryDim, bias: true),
                up: try t.dense(name("mlp.fc1"), outputs: c.intermediate, inputs: c.hidden, bias: true),
                down: try t.dense(name("mlp.fc2"), outputs: c.hidden, inputs: c.intermediate, bias: true))
        }
        let embedding = try t.embeddingTable("model.embed_tokens.weight", rows: c.vocabularySize, columns: c.hidden)
        let headWeight = c.tiedEmbeddings ? embedding.matrix
                                          : try t.matrix("lm_head.weight", rows: c.vocabularySize, columns: c.hidden)
        var output = DenseLayer(weight: headWeight, bias: try t.tensor("lm_head.bias", shape: [c.vocabularySize]),
                                outputs: c.vocabularySize, inputs: c.hidden, compact: true)
        output.compute = compute
        let weights = PhiWeights(embedding: embedding, layers: layers,
                                 finalNorm: try t.norm("model.final_layernorm", width: c.hidden, bias: true),
                                 output: output)
        try t.checkAllUsed(modelType: checkpoint.modelType) { c.tiedEmbeddings && $0 == "lm_head.weight" }
        return PhiModel(architecture: checkpoint.modelType, configuration: c, weights: weights, threads: threads, compute: compute)
    }
}
