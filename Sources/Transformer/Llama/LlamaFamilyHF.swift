import Kernels
import Weights

/// config.json keys every Llama-family architecture shares (transformers' `LlamaConfig` names).
/// Architectures decode it alongside their own keys; RoPE keys are `HFRoPEParameters`.
public struct LlamaFamilyConfiguration: Decodable, Sendable, Equatable {
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    /// Defaults to `num_attention_heads` (no grouping).
    public var numKeyValueHeads: Int?
    /// Defaults to `hidden_size / num_attention_heads`.
    public var headDim: Int?
    public var vocabSize: Int
    public var rmsNormEps: Double
    public var maxPositionEmbeddings: Int?
    /// Defaults to false: `lm_head.weight` is then required.
    public var tieWordEmbeddings: Bool?
    /// Only `silu` (SwiGLU) is supported; absent means silu.
    public var hiddenAct: String?

    /// `max_position_embeddings`, 4096 when absent.
    public var contextLength: Int { maxPositionEmbeddings ?? 4096 }

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", intermediateSize = "intermediate_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", numKeyValueHeads = "num_key_value_heads", headDim = "head_dim"
        case vocabSize = "vocab_size", rmsNormEps = "rms_norm_eps", maxPositionEmbeddings = "max_position_embeddings"
        case tieWordEmbeddings = "tie_word_embeddings", hiddenAct = "hidden_act"
    }

    /// Every count is checked (`ModelLimits`) as it is decoded, so a hostile value is an error
    /// naming its key before anything is sized by it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try c.count(forKey: .hiddenSize)
        intermediateSize = try c.count(forKey: .intermediateSize)
        numHiddenLayers = try c.layerCount(forKey: .numHiddenLayers)
        numAttentionHeads = try c.count(forKey: .numAttentionHeads)
        numKeyValueHeads = try c.countIfPresent(forKey: .numKeyValueHeads)
        headDim = try c.countIfPresent(forKey: .headDim)
        vocabSize = try c.count(forKey: .vocabSize)
        rmsNormEps = try c.decode(Double.self, forKey: .rmsNormEps)
        maxPositionEmbeddings = try c.countIfPresent(forKey: .maxPositionEmbeddings)
        tieWordEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings)
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct)
    }
}

/// What distinguishes one Llama-family architecture from another, beyond the shared keys.
struct LlamaFamilyVariant {
    /// q_proj, k_proj and v_proj carry biases (Qwen2; `attention_bias` in Llama/Qwen3).
    var qkvBias = false
    /// o_proj carries a bias (`attention_bias` in Llama/Qwen3).
    var outputBias = false
    /// Per-head RMSNorm of queries and keys before RoPE: `self_attn.q_norm` / `k_norm` (Qwen3).
    var queryKeyNorm = false
    /// Per layer, the attention window (nil: full attention); empty for full attention everywhere.
    var windows: [Int?] = []
}

/// Hugging Face tensor names of the Llama family (transformers' `LlamaForCausalLM` state dict).
enum HFLlamaNames {
    static let tokenEmbedding = "model.embed_tokens.weight"
    static let outputNorm = "model.norm"
    static let output = "lm_head.weight"
    static func layer(_ index: Int, _ name: String) -> String { "model.layers.\(index).\(name)" }
}

extension LlamaModel {
    /// Builds a Llama-family model from a Hugging Face folder. Layer matrices are kept as
    /// `precision` says (`WeightPrecision`); the forward pass computes in float32 throughout.
    /// Every tensor the configuration implies must be present with its exact shape, and every
    /// tensor in the folder must be used (so a config that disagrees with its weights is an error,
    /// not a silently different model). Q and K rows are used as stored: Hugging Face keeps them
    /// unpermuted, which is RoPE's `.halves` pairing (rotate_half).
    static func load(huggingFace checkpoint: HFCheckpoint, configuration: LlamaFamilyConfiguration,
                     variant: LlamaFamilyVariant, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        let file = checkpoint.configPath
        let c = configuration
        let kvHeads = c.numKeyValueHeads ?? c.numAttentionHeads
        guard c.numAttentionHeads % kvHeads == 0 else {
            throw ModelError(file: file, "num_attention_heads \(c.numAttentionHeads) is not a multiple of num_key_value_heads \(kvHeads)")
        }
        guard c.headDim != nil || c.hiddenSize % c.numAttentionHeads == 0 else {
            throw ModelError(file: file, "hidden_size \(c.hiddenSize) is not a multiple of num_attention_heads \(c.numAttentionHeads) and head_dim is not given")
        }
        let activation = c.hiddenAct ?? "silu"
        guard activation == "silu" else {
            throw ModelError(file: file, "hidden_act '\(activation)' is not supported for \(checkpoint.modelType) (supported: silu)")
        }
        let rope = try checkpoint.decodeConfiguration(HFRoPEParameters.self)
        guard (rope.partialRotaryFactor ?? 1) == 1 else {
            throw ModelError(file: file, "partial_rotary_factor \(rope.partialRotaryFactor ?? 1) is not supported for \(checkpoint.modelType) (rotary over the whole head only)")
        }
        let config = TransformerConfig(
            architecture: checkpoint.modelType, dim: c.hiddenSize, hiddenDim: c.intermediateSize, layers: c.numHiddenLayers,
            heads: c.numAttentionHeads, kvHeads: kvHeads, headSize: c.headDim ?? c.hiddenSize / c.numAttentionHeads,
            vocabularySize: c.vocabSize, contextLength: c.contextLength, normEpsilon: Float(c.rmsNormEps),
            ropeTheta: rope.theta, ropePairing: .halves, tiedEmbeddings: c.tieWordEmbeddings ?? false)
        guard variant.windows.isEmpty || variant.windows.count == config.layers else {
            throw ModelError(file: file, "\(variant.windows.count) attention windows for \(config.layers) layers")
        }

        let tensors = TensorReader(checkpoint.tensors, precision: precision, compute: compute)
        try tensors.checkLayerCount(config.layers, key: "num_hidden_layers", file: file) { HFLlamaNames.layer($0, "input_layernorm.weight") }
        let layers = try (0..<config.layers).map { index in
            try tensors.llamaLayer(index, config: config, variant: variant)
        }
        let weights = LlamaWeights(
            tokenEmbedding: try tensors.embeddingTable(HFLlamaNames.tokenEmbedding, rows: config.vocabularySize, columns: config.dim),
            layers: layers,
            outputNorm: try tensors.norm(HFLlamaNames.outputNorm, width: config.dim, bias: false),
            output: config.tiedEmbeddings ? nil : try tensors.matrix(HFLlamaNames.output, rows: config.vocabularySize, columns: config.dim))
        // A tied checkpoint may still store lm_head (a copy of the embeddings); it is not used.
        try tensors.checkAllUsed(modelType: checkpoint.modelType) { config.tiedEmbeddings && $0 == HFLlamaNames.output }
        let scaledRoPE = RoPE(pairing: .halves, rotaryDimensions: config.headSize, theta: rope.theta, scaling: rope.scaling)
        return LlamaModel(config: config, weights: weights, threads: threads, rope: scaledRoPE, attentionWindows: variant.windows,
                          compute: compute)
    }

    /// Per-layer attention windows of Qwen2/Qwen3 configs: with `use_sliding_window`, the layers
    /// `layer_types` marks `sliding_attention` (or, without `layer_types`, those from
    /// `max_window_layers` on) see the last `sliding_window` positions; the others see everything.
    static func qwenWindows(useSlidingWindow: Bool?, slidingWindow: Int?, maxWindowLayers: Int?, layerTypes: [String]?,
                            layers: Int, configPath: String) throws -> [Int?] {
        guard useSlidingWindow == true else { return [] }
        guard let window = slidingWindow, window > 0 else {
            throw ModelError(file: configPath, "use_sliding_window is true but sliding_window is not a positive number")
        }
        if let layerTypes {
            guard layerTypes.count == layers else {
                throw ModelError(file: configPath, "layer_types has \(layerTypes.count) entries for \(layers) layers")
            }
            return try layerTypes.enumerated().map { index, type in
                switch type {
                case "sliding_attention": return window
                case "full_attention": return nil
                default: throw ModelError(file: configPath, "layer_types[\(index)]: unknown layer type '\(type)' (expected full_attention or sliding_attention)")
                }
            }
        }
        let firstSliding = maxWindowLayers ?? 0
        return (0..<layers).map { $0 >= firstSliding ? window : nil }
    }
}

extension TensorReader {
    func llamaLayer(_ index: Int, config c: TransformerConfig, variant: LlamaFamilyVariant) throws -> LlamaWeights.Layer {
        let name = { HFLlamaNames.layer(index, $0) }
        let projections = [("q", c.queryDim), ("k", c.kvDim), ("v", c.kvDim)].map { (name("self_attn.\($0.0)_proj"), $0.1) }
        return LlamaWeights.Layer(
            attentionNorm: try norm(name("input_layernorm"), width: c.dim, bias: false),
            qkv: try stackedDense(projections, inputs: c.dim, bias: variant.qkvBias),
            attentionOutput: try dense(name("self_attn.o_proj"), outputs: c.dim, inputs: c.queryDim, bias: variant.outputBias),
            mlpNorm: try norm(name("post_attention_layernorm"), width: c.dim, bias: false),
            gateUp: try stackedDense([(name("mlp.gate_proj"), c.hiddenDim), (name("mlp.up_proj"), c.hiddenDim)], inputs: c.dim, bias: false),
            down: try dense(name("mlp.down_proj"), outputs: c.dim, inputs: c.hiddenDim, bias: false),
            queryNorm: variant.queryKeyNorm ? try norm(name("self_attn.q_norm"), width: c.headSize, bias: false) : nil,
            keyNorm: variant.queryKeyNorm ? try norm(name("self_attn.k_norm"), width: c.headSize, bias: false) : nil)
    }
}
