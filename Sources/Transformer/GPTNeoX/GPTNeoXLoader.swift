import Kernels
import Weights

extension GPTNeoXModel {
    /// Loads a GPT-NeoX Hugging Face folder (`gpt_neox.*` tensor names); layer matrices as `precision` says.
    ///
    /// `query_key_value` stores, for each head in turn, that head's q, k and v rows
    /// (transformers views its output as [heads, 3·headSize] and splits the last axis). The rows
    /// are regrouped once here to [all Q | all K | all V], the layout the shared attention reads.
    public static func load(huggingFace checkpoint: HFCheckpoint, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> GPTNeoXModel {
        let c = try checkpoint.decodeConfiguration(GPTNeoXConfiguration.self)
        let t = TensorReader(checkpoint.tensors, precision: precision, compute: compute)
        try t.checkLayerCount(c.layers, key: "num_hidden_layers", file: checkpoint.configPath) { "gpt_neox.layers.\($0).input_layernorm.weight" }
        let layers = try (0..<c.layers).map { layer -> GPTNeoXWeights.Layer in
            let name = { (suffix: String) in "gpt_neox.layers.\(layer).\(suffix)" }
            // Regrouped before `DenseLayer` packs it.
            let fused = name("attention.query_key_value")
            let qkvWeight = try t.matrix("\(fused).weight", rows: 3 * c.hidden, columns: c.hidden)
            let qkvBias = try c.attentionBias ? t.tensor("\(fused).bias", shape: [3 * c.hidden]) : nil
            let qkv = DenseLayer(weight: groupByProjection(qkvWeight, heads: c.heads, headSize: c.headSize, width: c.hidden),
                                 bias: qkvBias.map { groupByProjection($0, heads: c.heads, headSize: c.headSize, width: 1) },
                                 outputs: 3 * c.hidden, inputs: c.hidden).computing(t.compute)
            return GPTNeoXWeights.Layer(
                attentionNorm: try t.norm(name("input_layernorm"), width: c.hidden, bias: true),
                qkv: qkv,
                attentionOutput: try t.dense(name("attention.dense"), outputs: c.hidden, inputs: c.hidden, bias: c.attentionBias),
                mlpNorm: try t.norm(name("post_attention_layernorm"), width: c.hidden, bias: true),
                up: try t.dense(name("mlp.dense_h_to_4h"), outputs: c.intermediate, inputs: c.hidden, bias: true),
                down: try t.dense(name("mlp.dense_4h_to_h"), outputs: c.hidden, inputs: c.intermediate, bias: true))
        }
        let weights = GPTNeoXWeights(
            embedding: try t.embeddingTable("gpt_neox.embed_in.weight", rows: c.vocabularySize, columns: c.hidden),
            layers: layers,
            finalNorm: try t.norm("gpt_neox.final_layer_norm", width: c.hidden, bias: true),
            output: c.tiedEmbeddings ? nil : try t.matrix("embed_out.weight", rows: c.vocabularySize, columns: c.hidden))
        // Causal-mask buffers older checkpoints stored; transformers skips them too.
        try t.checkAllUsed(modelType: checkpoint.modelType) { $0.hasSuffix(".attention.bias") || $0.hasSuffix(".attention.masked_bias") }
        return GPTNeoXModel(architecture: checkpoint.modelType, configuration: c, weights: weights, threads: threads, compute: compute)
    }

    /// The fused weight's rows regrouped as below; a stored matrix keeps its bytes, only its row order changes.
    static func groupByProjection(_ weight: WeightMatrix, heads: Int, headSize: Int, width: Int) -> WeightMatrix {
        switch weight {
        case .float32(let rows):
            return .float32(groupByProjection(rows, heads: heads, headSize: headSize, width: width))
        case .stored(let matrix):
            let pieces = (0..<3).flatMap { projection in
                (0..<heads).map { head in ((head * 3 + projection) * headSize)..<((head * 3 + projection + 1) * headSize) }
            }
            return .stored(matrix.reordered(pieces))
        }
    }

    /// Rows ordered (head, projection, i) → (projection, head, i); each row is `width` floats.
    static func groupByProjection(_ rows: [Float], heads: Int, headSize: Int, width: Int) -> [Float] {
        var grouped = [Float](repeating: 0, count: rows.count)
        for head in 0..<heads {
            for projection in 0..<3 {
                let source = ((head * 3 + projection) * headSize) * width
                let target = ((projection * heads + head) * headSize) * width
                grouped[target..<(target + headSize * width)] = rows[source..<(source + headSize * width)]
            }
        }
        return grouped
    }
}
