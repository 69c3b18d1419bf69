import Kernels

/// GPT-NeoX hyperparameters (Pythia, GPT-NeoX-20B) from config.json. Keys the published
/// checkpoints always carry are required; the rest take transformers' GPTNeoXConfig defaults.
public struct GPTNeoXConfiguration: Decodable, Sendable {
    /// Residual stream width, `hidden_size`.
    public var hidden: Int
    /// MLP width, `intermediate_size`.
    public var intermediate: Int
    public var layers: Int
    public var heads: Int
    public var vocabularySize: Int
    public var contextLength: Int
    public var layerNormEpsilon: Float
    public var activation: Activation
    /// How transformers evaluates `activation` on bf16 tensors (nil: one fused kernel).
    var activationFormula: GELUFormula?
    /// x + attn(ln1(x)) + mlp(ln2(x)) when true; x' = x + attn(ln1(x)), x' + mlp(ln2(x')) when false.
    public var parallelResidual: Bool
    /// Biases on query_key_value and dense.
    public var attentionBias: Bool
    public var tiedEmbeddings: Bool
    public var ropeTheta: Double
    public var ropeScaling: RoPEScaling
    /// Fraction of each head's dimensions that RoPE rotates (`rotary_pct`, Pythia: 0.25).
    public var rotaryFraction: Double

    public var headSize: Int { hidden / heads }
    public var rotaryDimensions: Int { HFRoPEParameters.rotaryDimensions(headSize: headSize, factor: rotaryFraction) }

    enum CodingKeys: String, CodingKey {
        case hidden = "hidden_size", intermediate = "intermediate_size", layers = "num_hidden_layers"
        case heads = "num_attention_heads", vocabularySize = "vocab_size"
        case contextLength = "max_position_embeddings", layerNormEpsilon = "layer_norm_eps"
        case activation = "hidden_act", parallelResidual = "use_parallel_residual"
        case attentionBias = "attention_bias", tiedEmbeddings = "tie_word_embeddings"
        case rotaryEmbeddingBase = "rotary_emb_base", rotaryPercent = "rotary_pct"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hidden = try c.count(forKey: .hidden)
        intermediate = try c.count(forKey: .intermediate)
        layers = try c.layerCount(forKey: .layers)
        heads = try c.count(forKey: .heads)
        vocabularySize = try c.count(forKey: .vocabularySize)
        contextLength = try c.countIfPresent(forKey: .contextLength) ?? 2048
        layerNormEpsilon = try c.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-5
        activation = try c.activation(forKey: .activation, default: "gelu")
        activationFormula = GELUFormula(huggingFaceName: try c.decodeIfPresent(String.self, forKey: .activation) ?? "gelu")
        parallelResidual = try c.decodeIfPresent(Bool.self, forKey: .parallelResidual) ?? true
        attentionBias = try c.decodeIfPresent(Bool.self, forKey: .attentionBias) ?? true
        tiedEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tiedEmbeddings) ?? false
        // rope_parameters first (transformers 5), then GPT-NeoX's own rotary_emb_base / rotary_pct, then 4.x's rope_theta.
        let rope = try HFRoPEParameters(from: decoder)
        ropeTheta = try rope.nestedTheta ?? c.decodeIfPresent(Double.self, forKey: .rotaryEmbeddingBase) ?? rope.theta
        ropeScaling = rope.scaling
        rotaryFraction = try rope.partialRotaryFactor ?? c.decodeIfPresent(Double.self, forKey: .rotaryPercent) ?? 0.25
        try c.check(hidden > 0 && heads > 0 && hidden % heads == 0, .heads,
                    "num_attention_heads \(heads) must divide hidden_size \(hidden)")
        try c.check(rotaryFraction > 0 && rotaryFraction <= 1, .rotaryPercent, "rotary fraction \(rotaryFraction) must be in (0, 1]")
    }

    /// The shared hyperparameter view the rest of Nucleus reads; `architecture` is the registry's name.
    public func transformerConfig(architecture: String) -> TransformerConfig {
        TransformerConfig(architecture: architecture, dim: hidden, hiddenDim: intermediate, layers: layers, heads: heads,
                          kvHeads: heads, headSize: headSize, vocabularySize: vocabularySize, contextLength: contextLength,
                          normEpsilon: layerNormEpsilon, ropeTheta: ropeTheta, ropePairing: .halves,
                          tiedEmbeddings: tiedEmbeddings)
    }
}
