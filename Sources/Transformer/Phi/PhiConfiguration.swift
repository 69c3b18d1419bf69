import Kernels

/// Phi-1/1.5/2 hyperparameters from config.json. Keys the published checkpoints always carry
/// are required; the rest take transformers' PhiConfig defaults.
public struct PhiConfiguration: Decodable, Sendable {
    /// Residual stream width, `hidden_size`.
    public var hidden: Int
    /// MLP width, `intermediate_size`.
    public var intermediate: Int
    public var layers: Int
    public var heads: Int
    public var kvHeads: Int
    public var vocabularySize: Int
    public var contextLength: Int
    public var layerNormEpsilon: Float
    public var activation: Activation
    /// How transformers evaluates `activation` on bf16 tensors (nil: one fused kernel).
    var activationFormula: GELUFormula?
    public var tiedEmbeddings: Bool
    public var ropeTheta: Double
    public var ropeScaling: RoPEScaling
    /// Fraction of each head's dimensions that RoPE rotates (Phi-2: 0.5).
    public var rotaryFraction: Double

    public var headSize: Int { hidden / heads }
    public var rotaryDimensions: Int { HFRoPEParameters.rotaryDimensions(headSize: headSize, factor: rotaryFraction) }

    enum CodingKeys: String, CodingKey {
        case hidden = "hidden_size", intermediate = "intermediate_size", layers = "num_hidden_layers"
        case heads = "num_attention_heads", kvHeads = "num_key_value_heads", vocabularySize = "vocab_size"
        case contextLength = "max_position_embeddings", layerNormEpsilon = "layer_norm_eps"
        case activation = "hidden_act", tiedEmbeddings = "tie_word_embeddings", qkLayerNorm = "qk_layernorm"
        case partialRotaryFactor = "partial_rotary_factor"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hidden = try c.count(forKey: .hidden)
        intermediate = try c.count(forKey: .intermediate)
        layers = try c.layerCount(forKey: .layers)
        heads = try c.count(forKey: .heads)
        kvHeads = try c.countIfPresent(forKey: .kvHeads) ?? heads
        vocabularySize = try c.count(forKey: .vocabularySize)
        contextLength = try c.countIfPresent(forKey: .contextLength) ?? 2048
        layerNormEpsilon = try c.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-5
        activation = try c.activation(forKey: .activation, default: "gelu_new")
        activationFormula = GELUFormula(huggingFaceName: try c.decodeIfPresent(String.self, forKey: .activation) ?? "gelu_new")
        tiedEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tiedEmbeddings) ?? false
        let rope = try HFRoPEParameters(from: decoder)
        ropeTheta = rope.theta
        ropeScaling = rope.scaling
        rotaryFraction = rope.partialRotaryFactor ?? 0.5
        try c.check(hidden > 0 && heads > 0 && hidden % heads == 0, .heads,
                    "num_attention_heads \(heads) must divide hidden_size \(hidden)")
        try c.check(kvHeads > 0 && heads % kvHeads == 0, .kvHeads,
                    "num_key_value_heads \(kvHeads) must divide num_attention_heads \(heads)")
        try c.check(rotaryFraction > 0 && rotaryFraction <= 1, .partialRotaryFactor, "rotary fraction \(rotaryFraction) must be in (0, 1]")
        // No published Phi checkpoint normalises Q and K; refuse rather than run it wrong.
        try c.check(try c.decodeIfPresent(Bool.self, forKey: .qkLayerNorm) != true, .qkLayerNorm, "qk_layernorm is not supported")
    }

    /// The shared hyperparameter view the rest of Nucleus reads; `architecture` is the registry's name.
    public func transformerConfig(architecture: String) -> TransformerConfig {
        TransformerConfig(architecture: architecture, dim: hidden, hiddenDim: intermediate, layers: layers, heads: heads,
                          kvHeads: kvHeads, headSize: headSize, vocabularySize: vocabularySize, contextLength: contextLength,
                          normEpsilon: layerNormEpsilon, ropeTheta: ropeTheta, ropePairing: .halves,
                          tiedEmbeddings: tiedEmbeddings)
    }
}
