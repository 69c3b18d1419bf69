import Foundation
import Kernels
import Weights

extension MambaModel {
    /// Loads a Mamba Hugging Face folder (`backbone.*` tensor names, `MambaForCausalLM`); the
    /// projections' matrices as `precision` says. bf16 compute is refused: Nucleus reproduces
    /// transformers' bf16 rounding only for the attention families.
    public static func load(huggingFace checkpoint: HFCheckpoint, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> MambaModel {
        guard compute == .float32 else {
            throw ModelError(file: checkpoint.configPath, "compute: bf16 is not supported for mamba models (use f32)")
        }
        let c = try checkpoint.decodeConfiguration(MambaConfiguration.self)
        let t = TensorReader(checkpoint.tensors, precision: precision)
        try t.checkLayerCount(c.layers, key: "num_hidden_layers", file: checkpoint.configPath) { "backbone.layers.\($0).norm.weight" }
        let e = c.inner, n = c.stateSize, rank = c.timeStepRank
        let layers = try (0..<c.layers).map { layer -> MambaWeights.Layer in
            let name = { (suffix: String) in "backbone.layers.\(layer).\(suffix)" }
            let aLog = try t.tensor(name("mixer.A_log"), shape: [e, n])
            return MambaWeights.Layer(
                norm: try t.norm(name("norm"), width: c.hidden, bias: false),
                inputProjection: try t.dense(name("mixer.in_proj"), outputs: 2 * e, inputs: c.hidden, bias: c.projectionBias),
                convolution: try t.tensor(name("mixer.conv1d.weight"), shape: [e, 1, c.convolutionWidth]),
                convolutionBias: c.convolutionBias ? try t.tensor(name("mixer.conv1d.bias"), shape: [e]) : nil,
                stateProjection: try t.dense(name("mixer.x_proj"), outputs: rank + 2 * n, inputs: e, bias: false),
                timeStepProjection: try t.dense(name("mixer.dt_proj"), outputs: e, inputs: rank, bias: true),
                stateDecay: aLog.map { -expf($0) },
                skip: try t.tensor(name("mixer.D"), shape: [e]),
                outputProjection: try t.dense(name("mixer.out_proj"), outputs: c.hidden, inputs: e, bias: c.projectionBias))
        }
        let weights = MambaWeights(
            embedding: try t.embeddingTable("backbone.embeddings.weight", rows: c.vocabularySize, columns: c.hidden),
            layers: layers,
            finalNorm: try t.norm("backbone.norm_f", width: c.hidden, bias: false),
            output: c.tiedEmbeddings ? nil : try t.matrix("lm_head.weight", rows: c.vocabularySize, columns: c.hidden))
        // A tied checkpoint may still store the head's copy; transformers ignores it too.
        try t.checkAllUsed(modelType: checkpoint.modelType) { c.tiedEmbeddings && $0 == "lm_head.weight" }
        return MambaModel(architecture: checkpoint.modelType, configuration: c, weights: weights, threads: threads)
    }
}
