/// SentencePiece-style BPE (Llama-2, Mistral, Phi-3): a piece starts as one symbol per Unicode
/// scalar (spaces already written as "▁"), and neighbouring symbols merge while some merge applies
/// (`MergeLoop`: best first, ties leftmost). A scalar missing from the vocabulary becomes its UTF-8
/// bytes as `<0xNN>` tokens (byte fallback), else the unknown token, else nothing.
///
/// Which merges apply comes from one of two places:
/// - tokenizer.json: the ranked `merges` list, as HF tokenizers' BPE with `byte_fallback`;
/// - GGUF (`tokenizer.ggml.model = llama`): no merges list; as llama.cpp's `llm_tokenizer_spm`,
///   any two neighbours whose concatenation is a vocabulary token merge, the token with the highest
///   `tokenizer.ggml.scores` value first.
///
/// Pieces are compared as UTF-8 bytes, never as Swift `String`s: `String` equality is canonical
/// equivalence, under which "e" + U+0301 would find the token "é" and Hangul jamo pairs their syllable.
public struct SentencePieceBPE: TokenizationModel {
    enum MergeSource: Sendable {
        case pairs([UInt64: BPEMerge])
        /// Each id's UTF-8, and its score rank (0 = highest score; equal scores share a rank).
        case scores(pieces: [[UInt8]], ranks: [Int32])
    }

    let idsByPiece: [[UInt8]: Int32]
    /// The `<0xNN>` token of each byte, or nil without byte fallback (or when one is missing).
    let byteFallbackIDs: [Int32]?
    let unknownID: Int32?
    let mergeSource: MergeSource

    /// From tokenizer.json: the pieces (UTF-8, "▁" for spaces) with their ids, and ranked `merges`.
    init(pieces: [(piece: [UInt8], id: Int32)], merges: [(String, String)], byteFallback: Bool, unknownID: Int32?,
         source: String) throws {
        var idsByPiece: [[UInt8]: Int32] = [:]
        idsByPiece.reserveCapacity(pieces.count)
        for (piece, id) in pieces where idsByPiece[piece] == nil { idsByPiece[piece] = id }
        self.idsByPiece = idsByPiece
        byteFallbackIDs = byteFallback ? Self.byteTokenIDs(idsByPiece) : nil
        self.unknownID = unknownID
        var table: [UInt64: BPEMerge] = [:]
        table.reserveCapacity(merges.count)
        for (rank, pair) in merges.enumerated() {
            let left = Array(pair.0.utf8), right = Array(pair.1.utf8)
            guard let leftID = idsByPiece[left], let rightID = idsByPiece[right] else {
                throw TokenizerError(source: source, problem: "merge \(rank) '\(pair.0) \(pair.1)' uses a token missing from the vocabulary")
            }
            guard let result = idsByPiece[left + right] else {
                throw TokenizerError(source: source, problem: "merge \(rank) '\(pair.0) \(pair.1)' makes a token missing from the vocabulary")
            }
            let key = ByteLevelBPE.pairKey(leftID, rightID)
            if table[key] == nil { table[key] = BPEMerge(rank: Int32(rank), result: result) }
        }
        mergeSource = .pairs(table)
    }

    /// From GGUF: the pieces by id and their scores. The first id wins for a duplicated piece.
    init(tokens: [String], scores: [Float], unknownID: Int32?) {
        let pieces = tokens.map { Array($0.utf8) }
        var idsByPiece: [[UInt8]: Int32] = [:]
        idsByPiece.reserveCapacity(tokens.count)
        for (index, piece) in pieces.enumerated() where idsByPiece[piece] == nil { idsByPiece[piece] = Int32(index) }
        self.idsByPiece = idsByPiece
        byteFallbackIDs = Self.byteTokenIDs(idsByPiece)
        self.unknownID = unknownID
        let distinctScores = Array(Set(scores)).sorted(by: >)
        var rankOfScore: [Float: Int32] = [:]
        for (rank, score) in distinctScores.enumerated() { rankOfScore[score] = Int32(rank) }
        let ranks = tokens.indices.map { index in index < scores.count ? rankOfScore[scores[index]] ?? Int32.max : Int32.max }
        mergeSource = .scores(pieces: pieces, ranks: ranks)
    }

    /// The ids of `<0x00>` ... `<0xFF>`, or nil when any is missing.
    private static func byteTokenIDs(_ vocabulary: [[UInt8]: Int32]) -> [Int32]? {
        var ids: [Int32] = []
        ids.reserveCapacity(256)
        for byte in 0..<256 {
            guard let id = vocabulary[Array(SentencePieceSpelling.byteToken(UInt8(byte)).utf8)] else { return nil }
            ids.append(id)
        }
        return ids
    }

    public func encode(_ piece: [UInt8], into ids: inout [Int32]) {
        var symbols: [Int32] = []
        symbols.reserveCapacity(piece.count)
        var start = 0
        while start < piece.count {
            let end = min(piece.count, start + Self.utf8Length(leadByte: piece[start]))
            let character = Array(piece[start..<end])
            if let id = idsByPiece[character] {
                symbols.append(id)
            } else if let byteFallbackIDs {
                for byte in character { symbols.append(byteFallbackIDs[Int(byte)]) }
            } else if let unknownID {
                symbols.append(unknownID)
            }
            start = end
        }
        switch mergeSource {
        case .pairs(let table):
            MergeLoop.apply(symbols, into: &ids) { table[ByteLevelBPE.pairKey($0, $1)] }
        case .scores(let pieces, let ranks):
            MergeLoop.apply(symbols, into: &ids) { left, right in
                guard let merged = idsByPiece[pieces[Int(left)] + pieces[Int(right)]] else { return nil }
                return BPEMerge(rank: ranks[Int(merged)], result: merged)
            }
        }
    }

    /// Bytes in the UTF-8 sequence that `leadByte` starts (1 for a stray continuation byte).
    private static func utf8Length(leadByte: UInt8) -> Int {
        switch leadByte {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}

/// How SentencePiece vocabularies spell text: "▁" (U+2581) for a space, `<0xNN>` for a raw byte.
enum SentencePieceSpelling {
    static let space: Unicode.Scalar = "\u{2581}"

    static func byteToken(_ byte: UInt8) -> String {
        let hex = Array("0123456789ABCDEF")
        return "<0x\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])>"
    }

    /// The byte a `<0xNN>` token stands for (two hex digits, either case), or nil for other tokens.
    static func byte(ofByteToken token: String) -> UInt8? {
        let scalars = Array(token.unicodeScalars)
        guard scalars.count == 6, scalars[0] == "<", scalars[1] == "0", scalars[2] == "x", scalars[5] == ">",
              let high = hexValue(scalars[3]), let low = hexValue(scalars[4])
        else { return nil }
        return high << 4 | low
    }

    /// The bytes a piece decodes to: a byte token's byte, else its UTF-8 with "▁" as a space.
    static func bytes(of token: String) -> [UInt8] {
        if let byte = byte(ofByteToken: token) { return [byte] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            if scalar == space { bytes.append(0x20) } else { bytes += Array(String(scalar).utf8) }
        }
        return bytes
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x30...0x39: return UInt8(scalar.value - 0x30)
        case 0x41...0x46: return UInt8(scalar.value - 0x41 + 10)
        case 0x61...0x66: return UInt8(scalar.value - 0x61 + 10)
        default: return nil
        }
    }
}
