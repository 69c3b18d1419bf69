/// Statistics of one generated token's distribution p = softmax(raw logits), in nats (DESIGN §4).
public struct TokenStatistic: Sendable {
    /// The chosen (sampled) token.
    public var tokenId: Int32
    /// ln p(token).
    public var logprob: Double
    /// 1 + number of tokens with strictly larger probability.
    public var rank: Int
    /// H = −Σ p ln p over the whole vocabulary.
    public var entropy: Double
    /// Σ p (ln p + H)², the variance of the surprisal.
    public var varentropy: Double
    /// Size k of the top-p set: tokens in canonical order whose preceding mass is < top_p.
    public var nucleusSize: Int
    /// Probability mass of the nucleus.
    public var nucleusMass: Double
    /// Entropy of q = p / mass over the nucleus.
    public var nucleusEntropy: Double
    /// Mean cosine over unordered pairs of nucleus tokens' input embeddings; NaN when k = 1.
    public var nucleusCosine: Double
    /// Σ_{i≠j} q_i q_j cos_ij / (1 − Σ q_i²); NaN when k = 1.
    public var nucleusCosineWeighted: Double
    /// The K most probable tokens, canonical order (probability descending, ties by lower id).
    public var topkIds: [Int32]
    /// ln p of `topkIds`.
    public var topkLogprobs: [Double]
    /// Entropy of each layer × head's attention weights for the query that produced the token
    /// (row-major, `attentionHeads` per layer); empty unless `analysis.attention` asked.
    public var attentionEntropy: [Float] = []
    /// Varentropy of the same weights, laid out as `attentionEntropy`.
    public var attentionVarentropy: [Float] = []
    /// H, the heads per layer of the attention rows (0 when not recorded).
    public var attentionHeads = 0
    /// p = softmax(raw logits) as float16 bit patterns (`analysis.store_distribution`): all V
    /// entries by token id, or the top N in canonical order; empty when not recorded.
    public var distribution: [UInt16] = []
    /// The token ids of a top-N `distribution`; empty for a full one.
    public var distributionIDs: [Int32] = []

    public init(tokenId: Int32, logprob: Double, rank: Int, entropy: Double, varentropy: Double, nucleusSize: Int,
                nucleusMass: Double, nucleusEntropy: Double, nucleusCosine: Double, nucleusCosineWeighted: Double,
                topkIds: [Int32], topkLogprobs: [Double]) {
        self.tokenId = tokenId
        self.logprob = logprob
        self.rank = rank
        self.entropy = entropy
        self.varentropy = varentropy
        self.nucleusSize = nucleusSize
        self.nucleusMass = nucleusMass
        self.nucleusEntropy = nucleusEntropy
        self.nucleusCosine = nucleusCosine
        self.nucleusCosineWeighted = nucleusCosineWeighted
        self.topkIds = topkIds
        self.topkLogprobs = topkLogprobs
    }
}
