import Kernels

/// Gemma-2 hyperparameters from config.json. Keys the published checkpoints always carry are
/// required; the rest take transformers' Gemma2Config defaults.
public struct Gemma2Configuration: Decodable, Sendable {
    public enum LayerType: String, Decodable, Sendable {
        case sliding = "sliding_attention", full = "full_attention"
    }

    /// Residual stream width, `hidden_size`.
    public var hidden: Int
    /// Width of each GeGLU half, `intermediate_size`.
    public var intermediate: Int
    public var layers: Int
    public var heads: Int
    public var kvHeads: Int
    /// `head_dim`; heads·headSize need not equal hidden (Gemma-2 2B: 8·256 vs 2304).
    public var headSize: Int
    public var vocabularySize: Int
    public var contextLength: Int
    public var rmsNormEpsilon: Float
    public var activation: Activation
    public var attentionBias: Bool
    public var tiedEmbeddings: Bool
    public var ropeTheta: Double
    public var ropeScaling: RoPEScaling
    /// Scores are q·k / √queryPreAttentionScalar (not √headSize).
    public var queryPreAttentionScalar: Double
    /// Positions a sliding layer sees, itself included; nil turns the window off.
    public var slidingWindow: Int?
    /// Per layer; transformers' default alternates sliding (even layers) and full (odd layers).
    public var layerTypes: [LayerType]
    /// cap · tanh(score / cap) on attention scores; nil when off.
    public var attentionSoftCap: Float?
    /// cap · tanh(logit / cap) on the final logits; nil when off.
    public var finalSoftCap: Float?

    public var queryDim: Int { heads * headSize }
    public var kvDim: Int { kvHeads * headSize }

    enum CodingKeys: String, CodingKey {
        case hidden = "hidden_size", intermediate = "intermediate_size", layers = "num_hidden_layers"
        case heads = "num_attention_heads", kvHeads = "num_key_value_heads", headSize = "head_dim"
        case vocabularySize = "vocab_size", contextLength = "max_position_embeddings", rmsNormEpsilon = "rms_norm_eps"
        case activation = "hidden_activation", attentionBias = "attention_bias", tiedEmbeddings = "tie_word_embeddings"
        case queryPreAttentionScalar = "query_pre_attn_scalar", slidingWindow = "sliding_window"
        case layerTypes = "layer_types", attentionSoftCap = "attn_logit_softcapping"
        case finalSoftCap = "final_logit_softcapping", partialRotaryFactor = "partial_rotary_factor"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hidden = try c.count(forKey: .hidden)
        intermediate = try c.count(forKey: .intermediate)
        layers = try c.layerCount(forKey: .layers)
        heads = try c.count(forKey: .heads)
        kvHeads = try c.count(forKey: .kvHeads)
        headSize = try c.count(forKey: .headSize)
        vocabularySize = try c.count(forKey: .vocabularySize)
        contextLength = try c.countIfPresent(forKey: .contextLength) ?? 8192
        rmsNormEpsilon = try c.decodeIfPresent(Float.self, forKey: .rmsNormEpsilon) ?? 1e-6
        activation = try c.activation(forKey: .activation, default: "gelu_pytorch_tanh")
        attentionBias = try c.decodeIfPresent(Bool.self, forKey: .attentionBias) ?? false
        tiedEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tiedEmbeddings) ?? true
        let rope = try HFRoPEParameters(from: decoder)
        ropeTheta = rope.theta
        ropeScaling = rope.scaling
        try c.check((rope.partialRotaryFactor ?? 1) == 1, .partialRotaryFactor, "partial rotary is not supported for gemma2")
        queryPreAttentionScalar = try c.decodeIfPresent(Double.self, forKey: .queryPreAttentionScalar) ?? 256
        slidingWindow = try c.optional(Int.self, forKey: .slidingWindow, default: 4096)
        let layers = layers
        layerTypes = try c.decodeIfPresent([LayerType].self, forKey: .layerTypes)
            ?? (0..<layers).map { $0 % 2 == 0 ? .sliding : .full }
        attentionSoftCap = try c.optional(Float.self, forKey: .attentionSoftCap, default: 50)
        finalSoftCap = try c.optional(Float.self, forKey: .finalSoftCap, default: 30)
        try c.check(heads > 0 && kvHeads > 0 && heads % kvHeads == 0, .kvHeads,
                    "num_key_value_heads \(kvHeads) must divide num_attention_heads \(heads)")
        try c.check(layerTypes.count == layers, .layerTypes, "has \(layerTypes.count) entries for \(layers) layers")
        try c.check(slidingWindow.map { $0 > 0 } ?? true, .slidingWindow, "must be positive")
        try c.check(queryPreAttentionScalar > 0, .queryPreAttentionScalar, "must be positive")
    }

    /// The shared hyperparameter view the rest of Nucleus reads; `architecture` is the registry's name.
    public func transformerConfig(architecture: String) -> TransformerConfig {
        TransformerConfig(architecture: architecture, dim: hidden, hiddenDim: intermediate, layers: layers, heads: heads,
                          kvHeads: kvHeads, headSize: headSize, vocabularySize: vocabularySize, contextLength: contextLength,
                          normEpsilon: rmsNormEpsilon, ropeTheta: ropeTheta, ropePairing: .halves,
                          tiedEmbeddings: tiedEmbeddings)
    }
}
