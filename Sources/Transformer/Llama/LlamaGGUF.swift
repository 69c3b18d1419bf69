import Kernels
import Weights

extension LlamaModel {
    /// Loads a llama-architecture GGUF (Llama 2/3, Mistral, SmolLM); layer matrices as `precision` says.
    ///
    /// llama.cpp's converter permutes Q and K rows so that RoPE rotates interleaved pairs; the
    /// weights are used as stored with `.interleaved` pairing, which is the same attention as
    /// Hugging Face's rotate_half on the unpermuted rows. Mistral checkpoints convert to this
    /// architecture too; the converter writes no sliding window for it, so llama.cpp (and this
    /// loader) run them with full attention.
    public static func load(gguf file: GGUFFile, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        try load(gguf: file, pairing: .interleaved, queryKeyNorm: false, threads: threads, weights: precision, compute: compute)
    }

    /// Loads a `qwen2` GGUF (Qwen2, Qwen2.5): the llama layout with q/k/v biases. The converter
    /// leaves Q and K rows as Hugging Face stores them (llama.cpp runs Qwen with NeoX RoPE), so
    /// pairs are `.halves`.
    public static func load(qwen2 file: GGUFFile, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        try load(gguf: file, pairing: .halves, queryKeyNorm: false, threads: threads, weights: precision, compute: compute)
    }

    /// Loads a `qwen3` GGUF: as `qwen2`, with per-head `attn_q_norm` / `attn_k_norm` before RoPE.
    public static func load(qwen3 file: GGUFFile, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        try load(gguf: file, pairing: .halves, queryKeyNorm: true, threads: threads, weights: precision, compute: compute)
    }

    /// The llama layout from GGUF. Biases on q/k/v and on the output projection are used when the
    /// file stores them (Qwen2 always, Llama/Qwen3 with `attention_bias`); every tensor must be used.
    static func load(gguf file: GGUFFile, pairing: RoPE.Pairing, queryKeyNorm: Bool, threads: Int,
                     weights precision: WeightPrecision, compute: ComputePrecision) throws -> LlamaModel {
        let reader = try GGUFModelReader(file)
        let vocabularySize = try reader.embeddingShape().vocabulary
        let dim = try reader.count("embedding_length")
        let heads = try reader.count("attention.head_count")
        let kvHeads = try reader.count("attention.head_count_kv", default: heads)
        guard heads % kvHeads == 0 else {
            throw ModelError(file: file.path, "metadata key '\(reader.key("attention.head_count_kv"))' \(kvHeads) does not divide head_count \(heads)")
        }
        guard dim % heads == 0 || file.metadata[reader.key("attention.key_length")] != nil else {
            throw ModelError(file: file.path, "metadata key '\(reader.key("attention.head_count"))' \(heads) does not divide embedding_length \(dim) and no key_length is given")
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
            vocabularySize: vocabularySize,
            contextLength: try reader.contextLength,
            normEpsilon: Float(try reader.double("attention.layer_norm_rms_epsilon")),
            ropeTheta: reader.double("rope.freq_base", default: 10_000),
            ropePairing: pairing,
            tiedEmbeddings: !file.hasTensor(GGUFNames.output))
        let rotary = try reader.count("rope.dimension_count", default: headSize)
        guard rotary == headSize else {
            throw ModelError(file: file.path, "partial rotary (rope.dimension_count \(rotary) < head size \(headSize)) is not supported for \(reader.architecture)")
        }
        try reader.refuseScaledRoPE()

        let c = config
        let tensors = TensorReader(file, precision: precision, compute: compute)
        try tensors.checkLayerCount(c.layers, key: "metadata key '\(reader.key("block_count"))'", file: file.path) { GGUFNames.block($0, "attn_norm.weight") }
        let qkvBias = file.hasTensor(GGUFNames.block(0, "attn_q.bias"))
        let outputBias = file.hasTensor(GGUFNames.block(0, "attn_output.bias"))
        let layers = try (0..<c.layers).map { layer -> LlamaWeights.Layer in
            let name = { GGUFNames.block(layer, $0) }
            return LlamaWeights.Layer(
                attentionNorm: try tensors.norm(name("attn_norm"), width: c.dim, bias: false),
                qkv: try tensors.stackedDense([(name("attn_q"), c.queryDim), (name("attn_k"), c.kvDim), (name("attn_v"), c.kvDim)],
                                              inputs: c.dim, bias: qkvBias),
                attentionOutput: try tensors.dense(name("attn_output"), outputs: c.dim, inputs: c.queryDim, bias: outputBias),
                mlpNorm: try tensors.norm(name("ffn_norm"), width: c.dim, bias: false),
                gateUp: try tensors.stackedDense([(name("ffn_gate"), c.hiddenDim), (name("ffn_up"), c.hiddenDim)], inputs: c.dim, bias: false),
                down: try tensors.dense(name("ffn_down"), outputs: c.dim, inputs: c.hiddenDim, bias: false),
                queryNorm: queryKeyNorm ? try tensors.norm(name("attn_q_norm"), width: c.headSize, bias: false) : nil,
                keyNorm: queryKeyNorm ? try tensors.norm(name("attn_k_norm"), width: c.headSize, bias: false) : nil)
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

/// GGUF tensor names (llama.cpp's `LLM_TENSOR_NAMES`, shared by every architecture); norms and blocks are prefixes that
/// `TensorReader` completes with `.weight`.
enum GGUFNames {
    static let tokenEmbedding = "token_embd.weight"
    static let outputNorm = "output_norm"
    static let output = "output.weight"
    static func block(_ layer: Int, _ name: String) -> String { "blk.\(layer).\(name)" }
}
