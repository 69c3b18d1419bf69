import Kernels
import Weights

extension LlamaModel {
    /// Loads a llama-architecture GGUF (Llama 2/3, Mistral, SmolLM); layer matrices as `precision` says
    /// (quantised types are always dequantised to float32).
    ///
    /// llama.cpp's converter permutes Q and K rows so that RoPE rotates interleaved pairs; the
    /// weights are used as stored with `.interleaved` pairing, which is the same attention as
    /// Hugging Face's rotate_half on the unpermuted rows.
    public static func load(gguf file: GGUFFile, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        let reader = try GGUFModelReader(file)
        let embedding = try file.tensorInfo(GGUFNames.tokenEmbedding)
        guard embedding.shape.count == 2 else {
            throw ModelError(file: file.path, "tensor '\(GGUFNames.tokenEmbedding)' has shape \(embedding.shape), expected [vocab, dim]")
        }
        let dim = try reader.count("embedding_length")
        let heads = try reader.count("attention.head_count")
        let kvHeads = try reader.count("attention.head_count_kv", default: heads)
        guard heads % kvHeads == 0, dim % heads == 0 else {
            throw ModelError(file: file.path, "attention.head_count \(heads) and head_count_kv \(kvHeads) do not divide embedding_length \(dim)")
        }
        let headSize = try reader.count("attention.key_length", default: dim / heads)
        let valueSize = try reader.count("attention.value_length", default: headSize)
        guard valueSize == headSize else {
            throw ModelError(file: file.path, "metadata key '\(reader.key("attention.value_length"))' \(valueSize) differs from key_length \(headSize) (not supported)")
        }
        let config = TransformerConfig(
            architecture: reader.architecture,
            dim: dim,
            hiddenDim: try reader.count("feed_forward_length"),
            layers: try reader.count("block_count", in: ModelLimits.layers),
            heads: heads,
            kvHeads: kvHeads,
            headSize: headSize,
            vocabularySize: embedding.shape[0],
            contextLength: try reader.contextLength,
            normEpsilon: Float(try reader.double("attention.layer_norm_rms_epsilon")),
            ropeTheta: reader.double("rope.freq_base", default: 10_000),
            ropePairing: .interleaved,
            tiedEmbeddings: !file.hasTensor(GGUFNames.output))
        let rotary = try reader.count("rope.dimension_count", default: headSize)
        guard rotary == headSize else {
            throw ModelError(file: file.path, "partial rotary (rope.dimension_count \(rotary) < head size \(headSize)) is not supported for \(reader.architecture)")
        }
        // Scaled RoPE (linear, yarn, llama3's rope_freqs tensor) is not applied from GGUF metadata:
        // refuse it rather than run plain RoPE silently.
        if let scaling = file.metadata[reader.key("rope.scaling.type")], scaling.stringValue != "none" {
            throw ModelError(file: file.path, "metadata key '\(reader.key("rope.scaling.type"))' is \(scaling.summary): scaled RoPE from GGUF is not supported")
        }

        let c = config
        let tensors = TensorReader(file, precision: precision, compute: compute)
        try tensors.checkLayerCount(c.layers, key: "metadata key '\(reader.key("block_count"))'", file: file.path) { GGUFNames.block($0, "attn_norm.weight") }
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
            tokenEmbedding: try tensors.embeddingTable(GGUFNames.tokenEmbedding, rows: c.vocabularySize, columns: c.dim),
            layers: layers,
            outputNorm: try tensors.norm(GGUFNames.outputNorm, width: c.dim, bias: false),
            output: c.tiedEmbeddings ? nil : try tensors.matrix(GGUFNames.output, rows: c.vocabularySize, columns: c.dim))
        try tensors.checkAllUsed(modelType: reader.architecture, settings: "this file's metadata")
        return LlamaModel(config: config, weights: weights, threads: threads, compute: compute)
    }
}

/// GGUF tensor names of the llama architecture (llama.cpp's `LLM_TENSOR_NAMES`); norms and blocks are prefixes that
/// `TensorReader` completes with `.weight`.
enum GGUFNames {
    static let tokenEmbedding = "token_embd.weight"
    static let outputNorm = "output_norm"
    static let output = "output.weight"
    static func block(_ layer: Int, _ name: String) -> String { "blk.\(layer).\(name)" }
}
