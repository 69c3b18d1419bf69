/// Names and descriptions of HDF5 schema v1 (DESIGN §5), shared by the writer and the reader.
enum UnitFileSchema {
    static let version: Int64 = 1

    static let promptsGroup = "prompts"
    /// Per prompt: why it failed ("" unless `finish_reason` is "error"). Files written before it
    /// existed have none, and read as "" throughout.
    static let promptError = "error"
    static let tokensGroup = "tokens"

    /// Describes the `token_checksum` root attribute so any reader can recompute it.
    static let checksumAlgorithm =
        "FNV-1a 64 over /tokens/token_id as int32 little-endian, then /prompts/token_offset as int64 little-endian"

    /// A per-token column: dataset name, description and units (empty when dimensionless).
    struct Column: Sendable {
        var name: String
        var description: String
        var units: String
    }

    static let tokenID = Column(name: "token_id", description: "sampled token id", units: "")
    static let logprob = Column(name: "logprob", description: "ln p(sampled token) under softmax of the raw logits", units: "nats")
    static let rank = Column(name: "rank", description: "1-based rank of the sampled token in p", units: "")
    static let entropy = Column(name: "entropy", description: "entropy of p over the full vocabulary", units: "nats")
    static let varentropy = Column(name: "varentropy", description: "variance of surprisal under p", units: "nats^2")
    static let nucleusSize = Column(name: "nucleus_size", description: "smallest number of top tokens whose mass reaches the analysis top_p", units: "")
    static let nucleusMass = Column(name: "nucleus_mass", description: "probability mass of the nucleus", units: "")
    static let nucleusEntropy = Column(name: "nucleus_entropy", description: "entropy of the renormalised nucleus", units: "nats")
    static let nucleusCosine = Column(name: "nucleus_cosine", description: "mean pairwise cosine of nucleus input embeddings; NaN when the nucleus has one token", units: "")
    static let nucleusCosineWeighted = Column(name: "nucleus_cosine_weighted", description: "probability-weighted mean pairwise cosine of nucleus input embeddings", units: "")
    /// The one-dimensional (length N) token columns, in file order.
    static let tokenColumns = [tokenID, logprob, rank, entropy, varentropy, nucleusSize, nucleusMass,
                               nucleusEntropy, nucleusCosine, nucleusCosineWeighted]
    static let topkIDs = Column(name: "topk_ids", description: "ids of the K most probable tokens, most probable first (N x K)", units: "")
    static let topkLogprobs = Column(name: "topk_logprobs", description: "ln p of the K most probable tokens (N x K)", units: "nats")
}

/// FNV-1a, 64-bit: a checksum cheap enough to recompute on every resume scan.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<T: FixedWidthInteger>(littleEndian values: [T]) {
        for element in values {
            var remaining = element  // low byte first: little-endian order on any host
            for _ in 0..<MemoryLayout<T>.size {
                value = (value ^ UInt64(truncatingIfNeeded: remaining & 0xff)) &* 0x0000_0100_0000_01b3
                remaining >>= 8
            }
        }
    }

    /// The unit-file checksum over token ids and ragged offsets (see `UnitFileSchema.checksumAlgorithm`).
    static func unitChecksum(tokenIDs: [Int32], tokenOffsets: [Int64]) -> UInt64 {
        var hash = FNV1a64()
        hash.add(littleEndian: tokenIDs)
        hash.add(littleEndian: tokenOffsets)
        return hash.value
    }
}
