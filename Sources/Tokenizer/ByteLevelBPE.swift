/// Byte-level byte-pair encoding (GPT-2, Llama-3, Qwen2, DeepSeek): a piece starts as one symbol
/// per UTF-8 byte (the vocabulary's single-byte tokens) and ranked merges join neighbouring symbols
/// until none applies (`MergeLoop`: lowest rank first, ties leftmost).
public struct ByteLevelBPE: TokenizationModel {
    /// The id of the single-byte token for each byte value; -1 for a byte the vocabulary lacks,
    /// which is dropped (HF tokenizers' BPE without `unk_token`, llama.cpp) or becomes `unknownID`.
    let byteTokenIDs: [Int32]
    /// Keyed by `pairKey(left, right)`.
    let merges: [UInt64: BPEMerge]
    /// With `ignore_merges` (Llama-3), a piece that is itself a vocabulary token is emitted whole.
    let wholePieceIDs: [String: Int32]?

    /// - Parameters:
    ///   - vocabulary: byte-level token strings (e.g. "Ġthe") to ids.
    ///   - merges: ranked pairs of byte-level token strings, rank = position.
    ///   - source: the file or metadata name used in error messages.
    init(vocabulary: [String: Int32], merges: [(String, String)], ignoreMerges: Bool, unknownID: Int32? = nil,
         source: String) throws {
        // Vocabularies may lack bytes that never occur in UTF-8 text (0xC0, 0xF5...) or rare controls.
        let byteTokenIDs = (0..<256).map { vocabulary[String(ByteLevelAlphabet.scalarForByte[$0])] ?? unknownID ?? -1 }
        self.byteTokenIDs = byteTokenIDs
        self.merges = try Self.mergeTable(vocabulary: vocabulary, merges: merges, source: source)
        self.wholePieceIDs = ignoreMerges ? vocabulary : nil
    }

    /// The merges by token-id pair. A pair listed twice keeps its first (best) rank, as in HF tokenizers.
    static func mergeTable(vocabulary: [String: Int32], merges: [(String, String)], source: String) throws -> [UInt64: BPEMerge] {
        var table: [UInt64: BPEMerge] = [:]
        table.reserveCapacity(merges.count)
        for (rank, pair) in merges.enumerated() {
            guard let left = vocabulary[pair.0], let right = vocabulary[pair.1] else {
                throw TokenizerError(source: source, problem: "merge \(rank) '\(pair.0) \(pair.1)' uses a token missing from the vocabulary")
            }
            guard let result = vocabulary[pair.0 + pair.1] else {
                throw TokenizerError(source: source, problem: "merge \(rank) '\(pair.0) \(pair.1)' makes a token missing from the vocabulary")
            }
            let key = pairKey(left, right)
            if table[key] == nil { table[key] = BPEMerge(rank: Int32(rank), result: result) }
        }
        return table
    }

    static func pairKey(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    public func encode(_ piece: [UInt8], into ids: inout [Int32]) {
        if let wholePieceIDs, piece.count > 1, let id = wholePieceIDs[ByteLevelAlphabet.string(for: piece)] {
            ids.append(id)
            return
        }
        let symbols = piece.compactMap { byte -> Int32? in
            let id = byteTokenIDs[Int(byte)]
            return id >= 0 ? id : nil
        }
        MergeLoop.apply(symbols, into: &ids) { merges[Self.pairKey($0, $1)] }
    }
}
