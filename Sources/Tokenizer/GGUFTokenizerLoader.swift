extension Tokenizer {
    /// The GGUF `tokenizer.ggml.model` values this module builds: byte-level BPE ("gpt2") and
    /// SentencePiece BPE ("llama").
    public static let supportedGGUFModels = ["gpt2", "llama"]

    /// Builds from GGUF tokenizer metadata the way llama.cpp reads it. Control and unknown-type
    /// tokens become special added tokens (matched in text only with `parseSpecialTokens`),
    /// user-defined ones non-special added tokens (always matched). BOS follows
    /// `tokenizer.ggml.add_bos_token`, else llama.cpp's default for the family. SentencePiece
    /// vocabularies put "▁" before every text segment unless `add_space_prefix` is false.
    public init(gguf metadata: GGUFTokenizerMetadata) throws {
        let source = "GGUF metadata"
        guard Self.supportedGGUFModels.contains(metadata.model) else {
            throw TokenizerError.unsupported("tokenizer.ggml.model", metadata.model, supported: Self.supportedGGUFModels, source: source)
        }
        guard metadata.tokenTypes.isEmpty || metadata.tokenTypes.count == metadata.tokens.count else {
            throw TokenizerError(source: source, problem: "\(metadata.tokenTypes.count) token types for \(metadata.tokens.count) tokens")
        }
        let addedTokens = Self.ggufAddedTokens(metadata)
        var modelTokens: [String: Int32] = [:]
        modelTokens.reserveCapacity(metadata.tokens.count)
        // The first id wins for a duplicated string.
        for (index, token) in metadata.tokens.enumerated() where modelTokens[token] == nil { modelTokens[token] = Int32(index) }

        let parts: GGUFModelParts
        if metadata.model == "llama" {
            parts = try Self.sentencePieceParts(metadata, source: source)
        } else {
            parts = try Self.byteLevelParts(metadata, vocabulary: modelTokens, source: source)
        }
        let tokenList = metadata.tokens.enumerated().map { (token: $1, id: Int32($0)) }
        let vocabulary = try Vocabulary(modelTokens: tokenList, addedTokens: addedTokens, spelling: parts.spelling, source: source)
        for (name, id) in [("bos", metadata.bosID), ("eos", metadata.eosID), ("unk", metadata.unkID), ("pad", metadata.padID)] {
            if let id, !vocabulary.contains(id) {
                throw TokenizerError(source: source, problem: "\(name) id \(id) is outside the vocabulary of \(vocabulary.count)")
            }
        }
        self.init(vocabulary: vocabulary, addedTokens: AddedTokenMatcher(tokens: addedTokens), normalizer: parts.normalizer,
                  preTokenizer: parts.preTokenizer, model: parts.model, postProcessor: .none,
                  addBOS: metadata.addBOS ?? parts.addsBOSByDefault, addEOS: metadata.addEOS,
                  bosID: metadata.bosID, eosID: metadata.eosID, unkID: metadata.unkID, padID: metadata.padID,
                  chatTemplateSource: metadata.chatTemplate, chatTemplate: ChatTemplate(detectingFrom: metadata.chatTemplate),
                  decodeStripsLeadingSpace: parts.decodeStripsLeadingSpace)
    }

    /// The stages that differ between byte-level and SentencePiece vocabularies.
    private struct GGUFModelParts {
        var model: any TokenizationModel
        var spelling: TokenSpelling
        var normalizer: (any Normalizer)?
        var preTokenizer: any PreTokenizer
        var addsBOSByDefault: Bool
        var decodeStripsLeadingSpace: Bool
    }

    private static func byteLevelParts(_ metadata: GGUFTokenizerMetadata, vocabulary: [String: Int32],
                                       source: String) throws -> GGUFModelParts {
        guard let pre = GGUFPreTokenizer(pre: metadata.pre) else {
            throw TokenizerError.unsupported("tokenizer.ggml.pre", metadata.pre ?? "(none)",
                                             supported: GGUFPreTokenizer.allCases.flatMap(\.names), source: source)
        }
        let merges = try metadata.merges.enumerated().map { index, line in
            guard let pair = splitMerge(line) else {
                throw TokenizerError(source: source, problem: "merge \(index) '\(line)' is not \"a b\"")
            }
            return pair
        }
        let model = try ByteLevelBPE(vocabulary: vocabulary, merges: merges, ignoreMerges: pre.ignoresMerges, source: source)
        return GGUFModelParts(model: model, spelling: .byteLevel, normalizer: nil, preTokenizer: pre.preTokenizer,
                              addsBOSByDefault: pre.addsBOSByDefault, decodeStripsLeadingSpace: false)
    }

    /// llama.cpp's SPM path: spaces become "▁", one "▁" goes before each text segment (unless
    /// `add_space_prefix` is false), and the segment is encoded whole.
    private static func sentencePieceParts(_ metadata: GGUFTokenizerMetadata, source: String) throws -> GGUFModelParts {
        guard metadata.scores.count == metadata.tokens.count else {
            throw TokenizerError(source: source, problem: "\(metadata.scores.count) scores for \(metadata.tokens.count) tokens")
        }
        let addSpacePrefix = metadata.addSpacePrefix ?? true
        let space = String(SentencePieceSpelling.space)
        var steps: [any Normalizer] = [ReplaceNormalizer(pattern: " ", replacement: space)]
        if addSpacePrefix { steps.append(PrependNormalizer(prefix: space)) }
        let model = SentencePieceBPE(tokens: metadata.tokens, scores: metadata.scores, unknownID: metadata.unkID)
        return GGUFModelParts(model: model, spelling: .sentencePiece, normalizer: SequenceNormalizer(steps),
                              preTokenizer: SequencePreTokenizer([]), addsBOSByDefault: true,
                              decodeStripsLeadingSpace: addSpacePrefix)
    }

    /// Control and unknown-type tokens as special added tokens, user-defined ones as plain added
    /// tokens. For models named Phi-3, llama.cpp right-strips all of them except `<unk>`, `<s>` and
    /// `<|endoftext|>` (GGUF has no per-token strip flags).
    private static func ggufAddedTokens(_ metadata: GGUFTokenizerMetadata) -> [AddedToken] {
        let name = metadata.modelName?.lowercased() ?? ""
        let phi3 = name.contains("phi-3") || name.contains("phi3")
        var addedTokens: [AddedToken] = []
        for (index, token) in metadata.tokens.enumerated() where !metadata.tokenTypes.isEmpty {
            let special: Bool
            switch GGUFTokenizerMetadata.TokenType(rawValue: metadata.tokenTypes[index]) {
            case .control, .unknown: special = true
            case .userDefined: special = false
            default: continue
            }
            let rightStrip = phi3 && !["<unk>", "<s>", "<|endoftext|>"].contains(token)
            addedTokens.append(AddedToken(id: Int32(index), content: token, special: special, rightStrip: rightStrip))
        }
        return addedTokens
    }
}
