/// Byte-level byte-pair encoding: a piece starts as one symbol per UTF-8 byte (the vocabulary's
/// single-byte tokens) and ranked merges join neighbouring symbols until none applies.
///
/// The merge loop matches HF tokenizers' `Word::merge_all` and llama.cpp's `llm_tokenizer_bpe`:
/// a min-heap holds every applicable neighbour pair keyed by (merge rank, left position); the
/// lowest rank is applied first, and among equal ranks (the same pair occurring several times) the
/// leftmost, so "aaa" with the merge "a a" becomes "aa" + "a". Heap entries made stale by an earlier
/// merge are recognised (the pair at that position no longer has that rank) and skipped.
/// Cost is O(n log n) per piece; pieces are words, so encoding is linear in the text.
public struct ByteLevelBPE: TokenizationModel {
    /// What applying one merge produces.
    struct Merge: Sendable {
        var rank: Int32
        var result: Int32
    }

    /// The id of the single-byte token for each byte value; -1 for a byte the vocabulary lacks,
    /// which is dropped (HF tokenizers' BPE without `unk_token`, llama.cpp) or becomes `unknownID`.
    let byteTokenIDs: [Int32]
    /// Keyed by `pairKey(left, right)`.
    let merges: [UInt64: Merge]
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
        var table: [UInt64: Merge] = [:]
        table.reserveCapacity(merges.count)
        for (rank, pair) in merges.enumerated() {
            guard let left = vocabulary[pair.0], let right = vocabulary[pair.1] else {
                throw TokenizerError(source: source, problem: "merge \(rank) '\(pair.0) \(pair.1)' uses a token missing from the vocabulary")
            }
            guard let result = vocabulary[pair.0 + pair.1] else {
                throw TokenizerError(source: source, problem: "merge \(rank) '\(pair.0) \(pair.1)' makes a token missing from the vocabulary")
            }
            let key = Self.pairKey(left, right)
            // A pair listed twice keeps its first (best) rank, as in HF tokenizers.
            if table[key] == nil { table[key] = Merge(rank: Int32(rank), result: result) }
        }
        self.byteTokenIDs = byteTokenIDs
        self.merges = table
        self.wholePieceIDs = ignoreMerges ? vocabulary : nil
    }

    static func pairKey(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    public func encode(_ piece: [UInt8], into ids: inout [Int32]) {
        if let wholePieceIDs, piece.count > 1, let id = wholePieceIDs[ByteLevelAlphabet.string(for: piece)] {
            ids.append(id)
            return
        }
        // Doubly linked list of symbols; a merged-away symbol gets id -1.
        var symbols = piece.compactMap { byte -> Int32? in
            let id = byteTokenIDs[Int(byte)]
            return id >= 0 ? id : nil
        }
        let count = symbols.count
        if count <= 1 {
            ids += symbols
            return
        }
        var previous = Array(-1..<(count - 1))
        var next = Array(1...count)
        var heap = MinHeap<(rank: Int32, position: Int, result: Int32)>(reservingCapacity: count) {
            $0.rank != $1.rank ? $0.rank < $1.rank : $0.position < $1.position
        }
        for position in 0..<(count - 1) {
            if let merge = merges[Self.pairKey(symbols[position], symbols[position + 1])] {
                heap.push((merge.rank, position, merge.result))
            }
        }
        while let candidate = heap.pop() {
            let left = candidate.position
            let right = next[left]
            guard symbols[left] >= 0, right < count,
                  let current = merges[Self.pairKey(symbols[left], symbols[right])],
                  current.rank == candidate.rank
            else { continue }
            symbols[left] = candidate.result
            symbols[right] = -1
            next[left] = next[right]
            if next[left] < count { previous[next[left]] = left }
            let before = previous[left]
            if before >= 0, let merge = merges[Self.pairKey(symbols[before], symbols[left])] {
                heap.push((merge.rank, before, merge.result))
            }
            if next[left] < count, let merge = merges[Self.pairKey(symbols[left], symbols[next[left]])] {
                heap.push((merge.rank, left, merge.result))
            }
        }
        var position = 0
        while position < count {
            ids.append(symbols[position])
            position = next[position]
        }
    }
}
