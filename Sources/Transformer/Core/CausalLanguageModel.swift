/// New tokens of one sequence for one forward step.
public struct SequenceChunk: Sendable {
    /// KV-cache slot of the sequence; positions continue from what the slot holds.
    public var slot: Int
    public var tokens: [Int32]
    /// Logits for every token of the chunk, not only the last (scoring, `nucleus logits --all-positions`).
    public var allLogits: Bool
    /// Entropy and varentropy of every layer × head's attention weights for the rows that return
    /// logits (`LogitRows.attention`); off costs nothing.
    public var attentionStatistics: Bool

    public init(slot: Int, tokens: [Int32], allLogits: Bool = false, attentionStatistics: Bool = false) {
        self.slot = slot
        self.tokens = tokens
        self.allLogits = allLogits
        self.attentionStatistics = attentionStatistics
    }
}

/// Logits of a forward step: `rows × vocabularySize`, row-major. Chunk i owns rows
/// `rowOffsets[i]..<rowOffsets[i+1]` (one row, or one per token with `allLogits`).
public struct LogitRows {
    public var vocabularySize: Int
    public var rowOffsets: [Int]
    public var values: [Float]
    /// Per output row, when a chunk asked for attention statistics and the model has attention.
    public var attention: AttentionStatisticsRows? = nil

    public init(vocabularySize: Int, rowOffsets: [Int], values: [Float], attention: AttentionStatisticsRows? = nil) {
        self.vocabularySize = vocabularySize
        self.rowOffsets = rowOffsets
        self.values = values
        self.attention = attention
    }

    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * vocabularySize)..<((index + 1) * vocabularySize)]
    }

    /// The last row of chunk `chunk`: the distribution of its next token.
    public func lastRow(ofChunk chunk: Int) -> ArraySlice<Float> { row(rowOffsets[chunk + 1] - 1) }
}

/// A decoder-only language model running on the CPU. One instance serves one thread at a time
/// (it owns its scratch buffers); weights are read-only after loading.
public protocol CausalLanguageModel: AnyObject {
    var config: TransformerConfig { get }
    /// Input embedding table, [vocabularySize × dim] (nucleus cosines use its rows).
    var inputEmbeddings: EmbeddingTable { get }
    /// Parameters as loaded: the element count of every weight tensor, a tied head counted once.
    var parameterCount: Int { get }
    /// Runs every chunk's new tokens through the network as one batch and returns logits.
    func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows
    /// An empty cache of `slots` slots for this model's state: keys and values (the default), or a
    /// recurrent model's per-sequence state.
    func makeCache(slots: Int) -> KVCache
}

extension CausalLanguageModel {
    public func makeCache(slots: Int) -> KVCache {
        KVCache(layers: config.layers, kvHeads: config.kvHeads, headSize: config.headSize, slotCount: slots)
    }
}
