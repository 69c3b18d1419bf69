/// The `tokenizer.*` metadata of a GGUF file as plain values (read by the Weights module's GGUF
/// reader; this module does not parse GGUF).
public struct GGUFTokenizerMetadata: Sendable, Equatable {
    /// GGUF `token_type` values.
    public enum TokenType: Int32, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// `tokenizer.ggml.model`: "gpt2" (byte-level BPE), "llama" (SentencePiece), ...
    public var model: String
    /// `tokenizer.ggml.pre`: "smollm", "gpt2", "llama-bpe", "qwen2", ...
    public var pre: String?
    /// `tokenizer.ggml.tokens`, by id.
    public var tokens: [String]
    /// `tokenizer.ggml.token_type`, by id; empty means all normal.
    public var tokenTypes: [Int32]
    /// `tokenizer.ggml.merges`, `"a b"` by rank.
    public var merges: [String]
    public var bosID: Int32?
    public var eosID: Int32?
    public var unkID: Int32?
    public var padID: Int32?
    /// `tokenizer.ggml.add_bos_token`.
    public var addBOS: Bool
    /// `tokenizer.ggml.add_eos_token`.
    public var addEOS: Bool
    /// `tokenizer.chat_template`.
    public var chatTemplate: String?

    public init(model: String, pre: String?, tokens: [String], tokenTypes: [Int32], merges: [String],
                bosID: Int32? = nil, eosID: Int32? = nil, unkID: Int32? = nil, padID: Int32? = nil,
                addBOS: Bool = false, addEOS: Bool = false, chatTemplate: String? = nil) {
        self.model = model
        self.pre = pre
        self.tokens = tokens
        self.tokenTypes = tokenTypes
        self.merges = merges
        self.bosID = bosID
        self.eosID = eosID
        self.unkID = unkID
        self.padID = padID
        self.addBOS = addBOS
        self.addEOS = addEOS
        self.chatTemplate = chatTemplate
    }
}

/// GGUF `tokenizer.ggml.pre` values and the pre-tokenizer each stands for (as in llama.cpp).
public enum GGUFPreTokenizer: Sendable, CaseIterable {
    /// GPT-2 pattern only: "gpt2", "gpt-2", "phi-2", "roberta-bpe", or no `pre` key (as transformers'
    /// GGUF conversion does; llama.cpp's "default" differs slightly).
    case gpt2
    /// "smollm": every number character on its own, then the GPT-2 pattern.
    case smolLM

    /// The `pre` strings that select this pre-tokenizer.
    public var names: [String] {
        switch self {
        case .gpt2: return ["gpt2", "gpt-2", "phi-2", "roberta-bpe", "default"]
        case .smolLM: return ["smollm"]
        }
    }

    /// The pre-tokenizer for `pre`, or nil when not supported.
    public init?(pre: String?) {
        guard let found = Self.allCases.first(where: { $0.names.contains(pre ?? "default") }) else { return nil }
        self = found
    }

    public var preTokenizer: any PreTokenizer {
        switch self {
        case .gpt2:
            return ByteLevelPreTokenizer(addPrefixSpace: false)
        case .smolLM:
            return SequencePreTokenizer([
                SplitPreTokenizer(pattern: .scanner(.eachNumber), behavior: .isolated),
                ByteLevelPreTokenizer(addPrefixSpace: false),
            ])
        }
    }
}

extension Tokenizer {
    /// The GGUF `tokenizer.ggml.model` values this module builds.
    public static let supportedGGUFModels = ["gpt2"]

    /// Builds from GGUF tokenizer metadata. Control tokens (type 3) become special added tokens and
    /// user-defined ones (type 4) non-special added tokens: both are matched in raw text.
    public init(gguf metadata: GGUFTokenizerMetadata) throws {
        let source = "GGUF metadata"
        guard Self.supportedGGUFModels.contains(metadata.model) else {
            throw TokenizerError.unsupported("tokenizer.ggml.model", metadata.model, supported: Self.supportedGGUFModels, source: source)
        }
        guard let pre = GGUFPreTokenizer(pre: metadata.pre) else {
            throw TokenizerError.unsupported("tokenizer.ggml.pre", metadata.pre ?? "(none)",
                                             supported: GGUFPreTokenizer.allCases.flatMap(\.names), source: source)
        }
        guard metadata.tokenTypes.isEmpty || metadata.tokenTypes.count == metadata.tokens.count else {
            throw TokenizerError(source: source, problem: "\(metadata.tokenTypes.count) token types for \(metadata.tokens.count) tokens")
        }
        var modelTokens: [String: Int32] = [:]
        modelTokens.reserveCapacity(metadata.tokens.count)
        var addedTokens: [AddedToken] = []
        for (index, token) in metadata.tokens.enumerated() {
            let id = Int32(index)
            let type = metadata.tokenTypes.isEmpty ? TokenType.normal : TokenType(rawValue: metadata.tokenTypes[index])
            switch type {
            case .control: addedTokens.append(AddedToken(id: id, content: token, special: true))
            case .userDefined: addedTokens.append(AddedToken(id: id, content: token, special: false))
            default: break
            }
            // The first id wins for a duplicated string, as in llama.cpp's token_to_id.
            if modelTokens[token] == nil { modelTokens[token] = id }
        }
        let merges = try metadata.merges.enumerated().map { index, line in
            guard let pair = Self.splitMerge(line) else {
                throw TokenizerError(source: source, problem: "merge \(index) '\(line)' is not \"a b\"")
            }
            return pair
        }
        let model = try ByteLevelBPE(vocabulary: modelTokens, merges: merges, ignoreMerges: false, source: source)
        let vocabulary = try Vocabulary(modelTokens: modelTokens, addedTokens: addedTokens, source: source)
        for (name, id) in [("bos", metadata.bosID), ("eos", metadata.eosID), ("unk", metadata.unkID), ("pad", metadata.padID)] {
            if let id, !vocabulary.contains(id) {
                throw TokenizerError(source: source, problem: "\(name) id \(id) is outside the vocabulary of \(vocabulary.count)")
            }
        }
        self.init(vocabulary: vocabulary, addedTokens: AddedTokenMatcher(tokens: addedTokens), normalizer: nil,
                  preTokenizer: pre.preTokenizer, model: model, postProcessor: .none,
                  addBOS: metadata.addBOS, addEOS: metadata.addEOS, bosID: metadata.bosID, eosID: metadata.eosID,
                  unkID: metadata.unkID, padID: metadata.padID, chatTemplateSource: metadata.chatTemplate,
                  chatTemplate: ChatTemplate(detectingFrom: metadata.chatTemplate))
    }

    private typealias TokenType = GGUFTokenizerMetadata.TokenType
}
