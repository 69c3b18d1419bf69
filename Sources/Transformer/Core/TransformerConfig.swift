import Kernels

/// Hyperparameters shared by the decoder-only architectures Nucleus runs.
public struct TransformerConfig: Sendable, Equatable {
    public var architecture: String
    public var dim: Int
    public var hiddenDim: Int
    public var layers: Int
    public var heads: Int
    public var kvHeads: Int
    public var headSize: Int
    public var vocabularySize: Int
    public var contextLength: Int
    public var normEpsilon: Float
    public var ropeTheta: Double
    public var ropePairing: RoPE.Pairing
    public var tiedEmbeddings: Bool

    public var queryDim: Int { heads * headSize }
    public var kvDim: Int { kvHeads * headSize }

    public init(architecture: String, dim: Int, hiddenDim: Int, layers: Int, heads: Int, kvHeads: Int,
                headSize: Int, vocabularySize: Int, contextLength: Int, normEpsilon: Float, ropeTheta: Double,
                ropePairing: RoPE.Pairing, tiedEmbeddings: Bool) {
        self.architecture = architecture
        self.dim = dim
        self.hiddenDim = hiddenDim
        self.layers = layers
        self.heads = heads
        self.kvHeads = kvHeads
        self.headSize = headSize
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.normEpsilon = normEpsilon
        self.ropeTheta = ropeTheta
        self.ropePairing = ropePairing
        self.tiedEmbeddings = tiedEmbeddings
    }
}
