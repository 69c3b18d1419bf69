import Kernels

/// Mamba (selective state-space) hyperparameters from config.json, with transformers 5.23's
/// MambaConfig defaults for the keys a checkpoint leaves out.
public struct MambaConfiguration: Decodable, Sendable {
    /// Residual stream width, `hidden_size`.
    public var hidden: Int
    /// Width of the mixer's inner stream (d_inner): `intermediate_size`, else `expand` × hidden_size
    /// (transformers keeps a stored `intermediate_size` over the product).
    public var inner: Int
    public var layers: Int
    public var vocabularySize: Int
    /// SSM state per channel (d_state), `state_size`.
    public var stateSize: Int
    /// Causal convolution width (d_conv), `conv_kernel`.
    public var convolutionWidth: Int
    /// Rank of the time-step projection (dt_rank), `time_step_rank` ("auto": ⌈hidden_size / 16⌉).
    public var timeStepRank: Int
    /// No position limit exists in a recurrent model; this is the length prompts and scoring windows
    /// are held to: `max_position_embeddings` when given, else 2048, the sequence length the
    /// published state-spaces Mamba checkpoints were trained with.
    public var contextLength: Int
    public var normEpsilon: Float
    /// The convolution output's activation, `hidden_act` (the gate is always SiLU).
    public var activation: Activation
    /// Biases on in_proj and out_proj, `use_bias`.
    public var projectionBias: Bool
    /// Bias on the depthwise convolution, `use_conv_bias`.
    public var convolutionBias: Bool
    public var tiedEmbeddings: Bool

    /// Floats of one layer's state per sequence: the convolution window (inner × (d_conv − 1))
    /// then the SSM state (inner × d_state).
    public var stateFloatsPerLayer: Int { inner * (convolutionWidth - 1) + inner * stateSize }

    static let defaultContextLength = 2048

    enum CodingKeys: String, CodingKey {
        case hidden = "hidden_size", inner = "intermediate_size", expand, layers = "num_hidden_layers"
        case vocabularySize = "vocab_size", stateSize = "state_size", convolutionWidth = "conv_kernel"
        case timeStepRank = "time_step_rank", contextLength = "max_position_embeddings"
        case normEpsilon = "layer_norm_epsilon", activation = "hidden_act", projectionBias = "use_bias"
        case convolutionBias = "use_conv_bias", tiedEmbeddings = "tie_word_embeddings"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hidden = try c.count(forKey: .hidden)
        layers = try c.layerCount(forKey: .layers)
        vocabularySize = try c.count(forKey: .vocabularySize)
        let expand = try c.countIfPresent(forKey: .expand) ?? 2
        if let inner = try c.countIfPresent(forKey: .inner) {
            self.inner = inner
        } else {
            let (product, overflow) = expand.multipliedReportingOverflow(by: hidden)
            try c.check(!overflow && ModelLimits.count.contains(product), .expand,
                        "expand \(expand) × hidden_size \(hidden) must be in \(ModelLimits.count.lowerBound)...\(ModelLimits.count.upperBound)")
            inner = product
        }
        stateSize = try c.countIfPresent(forKey: .stateSize) ?? 16
        convolutionWidth = try c.countIfPresent(forKey: .convolutionWidth) ?? 4
        if (try? c.decode(String.self, forKey: .timeStepRank)) == "auto" || !c.contains(.timeStepRank) {
            timeStepRank = (hidden + 15) / 16
        } else {
            timeStepRank = try c.count(forKey: .timeStepRank)
        }
        contextLength = try c.countIfPresent(forKey: .contextLength) ?? Self.defaultContextLength
        normEpsilon = try c.decodeIfPresent(Float.self, forKey: .normEpsilon) ?? 1e-5
        activation = try c.activation(forKey: .activation, default: "silu")
        projectionBias = try c.decodeIfPresent(Bool.self, forKey: .projectionBias) ?? false
        convolutionBias = try c.decodeIfPresent(Bool.self, forKey: .convolutionBias) ?? true
        tiedEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tiedEmbeddings) ?? true
        // Per-slot state and the x_proj width are products of these counts: keep them inside Int
        // (and a state inside memory) before anything is sized by them.
        let (state, stateOverflow) = inner.multipliedReportingOverflow(by: stateSize + convolutionWidth)
        try c.check(!stateOverflow && state <= Int(Int32.max), .stateSize,
                    "intermediate_size \(inner) × (state_size \(stateSize) + conv_kernel \(convolutionWidth)) floats of state per layer is too large")
        try c.check(timeStepRank <= Int(Int32.max) - 2 * stateSize, .timeStepRank,
                    "time_step_rank \(timeStepRank) + 2 × state_size \(stateSize) must be at most \(Int32.max)")
    }

    /// The shared hyperparameter view the rest of Nucleus reads: no attention (heads, head size and
    /// KV width 0), `hiddenDim` the mixer's inner width.
    public func transformerConfig(architecture: String) -> TransformerConfig {
        TransformerConfig(architecture: architecture, dim: hidden, hiddenDim: inner, layers: layers, heads: 0,
                          kvHeads: 0, headSize: 0, vocabularySize: vocabularySize, contextLength: contextLength,
                          normEpsilon: normEpsilon, ropeTheta: 0, ropePairing: .halves, tiedEmbeddings: tiedEmbeddings)
    }
}
