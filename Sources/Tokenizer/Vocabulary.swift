/// How a vocabulary writes bytes as token strings.
enum TokenSpelling: Sendable {
    /// GPT-2's byte alphabet ("Ġthe"); a token with a scalar outside it decodes to its UTF-8, like
    /// HF's ByteLevel decoder.
    case byteLevel
    /// SentencePiece: "▁" for a space, `<0xNN>` for a raw byte.
    case sentencePiece

    func bytes(of token: String) -> [UInt8] {
        switch self {
        case .byteLevel: return ByteLevelAlphabet.bytes(of: token) ?? Array(token.utf8)
        case .sentencePiece: return SentencePieceSpelling.bytes(of: token)
        }
    }
}

/// Immutable id ↔ token tables shared by encoding and decoding.
struct Vocabulary: Sendable {
    /// Token string by id, as stored in the vocabulary ("Ġthe", "<|im_end|>"); "" for unused ids.
    let tokens: [String]
    let idsByToken: [String: Int32]
    /// The bytes each token decodes to.
    let bytes: [[UInt8]]
    /// Whether each id is a special token (dropped when decoding with `skipSpecialTokens`).
    let special: [Bool]

    /// - Parameters:
    ///   - modelTokens: token strings, spelled as `spelling` says, with their ids. A list, not a
    ///     dictionary: `String` keys compare by canonical equivalence and would merge distinct pieces
    ///     ("έ" U+03AD and U+1F73). For lookups by string the first id wins.
    ///   - addedTokens: tokens matched in raw text; their bytes are their content's UTF-8.
    init(modelTokens: [(token: String, id: Int32)], addedTokens: [AddedToken], spelling: TokenSpelling, source: String) throws {
        let largestID = max(modelTokens.map(\.id).max() ?? -1, addedTokens.map(\.id).max() ?? -1)
        let size = Int(largestID) + 1
        // Tables are indexed by id: ids far beyond the number of tokens would size them by a
        // hostile number (a vocabulary may have holes, not mostly holes).
        let tokenCount = modelTokens.count + addedTokens.count
        guard size <= 2 * tokenCount + 1024 else {
            throw TokenizerError(source: source, problem: "token id \(largestID) is far beyond the \(tokenCount) tokens (ids must be nearly dense)")
        }
        var tokens = [String](repeating: "", count: size)
        var bytes = [[UInt8]](repeating: [], count: size)
        var special = [Bool](repeating: false, count: size)
        var idsByToken: [String: Int32] = [:]
        idsByToken.reserveCapacity(modelTokens.count)
        for (token, id) in modelTokens {
            guard id >= 0 else { throw TokenizerError(source: source, problem: "token '\(token)' has negative id \(id)") }
            if idsByToken[token] == nil { idsByToken[token] = id }
            tokens[Int(id)] = token
            bytes[Int(id)] = spelling.bytes(of: token)
        }
        for token in addedTokens {
            guard token.id >= 0 else { throw TokenizerError(source: source, problem: "added token '\(token.content)' has negative id \(token.id)") }
            tokens[Int(token.id)] = token.content
            bytes[Int(token.id)] = Array(token.content.utf8)
            special[Int(token.id)] = token.special
            idsByToken[token.content] = token.id
        }
        self.tokens = tokens
        self.idsByToken = idsByToken
        self.bytes = bytes
        self.special = special
    }

    var count: Int { tokens.count }

    func contains(_ id: Int32) -> Bool { id >= 0 && Int(id) < tokens.count }
}
