import Transformer

/// Floating-point operations of one forward step, counted the way throughput papers and
/// llama.cpp's reports do: a multiply-add is 2 FLOPs, and only the matrix products count
/// (norms, RoPE, activations, softmax and biases are O(width) per token and left out).
///
/// For a step that feeds `n` new tokens of one sequence whose cache already holds `s` positions:
///
///     FLOPs = n · 2·P_layers                      (every layer's projections, for every new token)
///           + r · 2·P_head                        (the LM head, only for the r rows whose logits are returned)
///           + Σ_{t=0}^{n-1} 4 · L · H · d · (s+t+1)   (attention: q·kᵀ and p·v over the s+t+1 visible positions)
///
/// with P_layers = L · (D·(H·d + 2·Hkv·d) + H·d·D + m·D·F), m = 3 for gated MLPs (SwiGLU/GeGLU: gate, up,
/// down) and 2 otherwise (up, down); P_head = V·D. L layers, D model width, F MLP width, H query heads,
/// Hkv key/value heads, d head size, V vocabulary. Sliding attention windows are not capped (the count is
/// then an upper bound for positions beyond the window).
public struct ForwardFLOPs: Sendable, Equatable {
    public var layers: Int
    public var width: Int
    public var mlpWidth: Int
    public var heads: Int
    public var kvHeads: Int
    public var headSize: Int
    public var vocabularySize: Int
    public var gatedMLP: Bool

    public init(layers: Int, width: Int, mlpWidth: Int, heads: Int, kvHeads: Int, headSize: Int, vocabularySize: Int,
                gatedMLP: Bool) {
        self.layers = layers
        self.width = width
        self.mlpWidth = mlpWidth
        self.heads = heads
        self.kvHeads = kvHeads
        self.headSize = headSize
        self.vocabularySize = vocabularySize
        self.gatedMLP = gatedMLP
    }

    /// Architectures whose MLP is up → activation → down (no gate); every other one Nucleus runs is gated.
    static let ungatedArchitectures: Set<String> = ["gpt_neox", "gptneox", "phi", "phi2"]

    public init(_ config: TransformerConfig) {
        self.init(layers: config.layers, width: config.dim, mlpWidth: config.hiddenDim, heads: config.heads,
                  kvHeads: config.kvHeads, headSize: config.headSize, vocabularySize: config.vocabularySize,
                  gatedMLP: !Self.ungatedArchitectures.contains(config.architecture))
    }

    /// Weights every token multiplies through in the layers: P_layers.
    public var layerMatrixParameters: Int {
        let attention = width * (heads * headSize + 2 * kvHeads * headSize) + heads * headSize * width
        let mlp = (gatedMLP ? 3 : 2) * width * mlpWidth
        return layers * (attention + mlp)
    }

    /// Weights of the LM head: P_head.
    public var headParameters: Int { vocabularySize * width }

    /// FLOPs of `newTokens` tokens of one sequence after `cached` positions, `logitRows` of them through the head.
    public func step(cached: Int, newTokens: Int, logitRows: Int) -> Double {
        let projections = Double(newTokens) * 2 * Double(layerMatrixParameters)
        let head = Double(logitRows) * 2 * Double(headParameters)
        // Σ_{t=0}^{n-1} (s+t+1) = n·s + n(n+1)/2 visible positions in total.
        let n = Double(newTokens), s = Double(cached)
        let visible = n * s + n * (n + 1) / 2
        let attention = 4 * Double(layers) * Double(heads) * Double(headSize) * visible
        return projections + head + attention
    }
}
