import Foundation

extension Tokenizer {
    /// Loads a Hugging Face tokenizer.json (BPE: byte-level, or SentencePiece-style with "▁" and
    /// byte fallback), with tokenizer_config.json for BOS/EOS/UNK/PAD, the
    /// `add_bos_token`/`add_eos_token` flags and the chat template. Other model types (WordPiece,
    /// Unigram, WordLevel) are rejected with an error naming the file and the supported types.
    public init(tokenizerJSON: URL, configJSON: URL? = nil) throws {
        let tokenizerData = try Self.read(tokenizerJSON)
        let configData = try configJSON.map(Self.read)
        try self.init(tokenizerJSONData: tokenizerData, configJSONData: configData,
                      source: tokenizerJSON.path, configSource: configJSON?.path ?? "tokenizer_config.json")
    }

    /// Builds from the bytes of tokenizer.json (and tokenizer_config.json); `source` names them in errors.
    public init(tokenizerJSONData: Data, configJSONData: Data? = nil, source: String = "tokenizer.json",
                configSource: String = "tokenizer_config.json") throws {
        let json = JSONValues(source: source)
        let root = try json.parse(tokenizerJSONData)
        let config = try configJSONData.map { try JSONValues(source: configSource).parse($0) } ?? [:]
        let factories = StageFactories(json: json)

        let modelObject = try json.object(root["model"], at: "model")
        let modelName = (modelObject["type"] as? String) ?? (modelObject["merges"] != nil ? ModelType.bpe.rawValue : "(none)")
        guard ModelType(rawValue: modelName) != nil else {
            throw TokenizerError.unsupported("model type", modelName, supported: ModelType.allCases.map(\.rawValue), source: source)
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let affix = JSONValues.present(modelObject[key]), (affix as? String) != "" {
                throw json.problem("BPE with a non-empty model.\(key) is not supported")
            }
        }
        // Byte-level BPE says so in its pre-tokenizer or decoder; otherwise the BPE is SentencePiece-style.
        let byteLevel = StageFactories.containsByteLevel(root["pre_tokenizer"]) || StageFactories.containsByteLevel(root["decoder"])
        let byteFallback = try json.bool(modelObject["byte_fallback"], at: "model.byte_fallback", default: false)
        if byteLevel && byteFallback {
            throw json.problem("byte-level BPE with byte_fallback is not supported")
        }

        let vocabularyObject = try json.object(modelObject["vocab"], at: "model.vocab")
        var modelTokens: [String: Int32] = [:]
        modelTokens.reserveCapacity(vocabularyObject.count)
        for (token, id) in vocabularyObject { modelTokens[token] = try json.int32(id, at: "model.vocab.\(token)") }
        let merges = try Self.parseMerges(json.array(modelObject["merges"], at: "model.merges"), json: json)
        let modelUnk = try JSONValues.present(modelObject["unk_token"]).map { try json.string($0, at: "model.unk_token") }
        let model: any TokenizationModel
        let tokenList: [(token: String, id: Int32)]
        if byteLevel {
            // Byte-level strings are never canonically equivalent to one another: the dictionary is exact.
            tokenList = modelTokens.map { (token: $0.key, id: $0.value) }
            model = try ByteLevelBPE(
                vocabulary: modelTokens, merges: merges,
                ignoreMerges: try json.bool(modelObject["ignore_merges"], at: "model.ignore_merges", default: false),
                unknownID: modelUnk.flatMap { modelTokens[$0] }, source: source)
        } else {
            let pieces = try Self.exactVocabulary(tokenizerJSONData, json: json)
            tokenList = pieces.map { (token: String(decoding: $0.piece, as: UTF8.self), id: $0.id) }
            model = try SentencePieceBPE(pieces: pieces, merges: merges, byteFallback: byteFallback,
                                         unknownID: modelUnk.flatMap { modelTokens[$0] }, source: source)
        }

        let addedTokens = try Self.parseAddedTokens(JSONValues.present(root["added_tokens"]) ?? [Any](), json: json)
        let vocabulary = try Vocabulary(modelTokens: tokenList, addedTokens: addedTokens,
                                        spelling: byteLevel ? .byteLevel : .sentencePiece, source: source)

        let normalizer = try JSONValues.present(root["normalizer"]).map { try factories.normalizer($0, at: "normalizer") }
        let defaultPreTokenizer: any PreTokenizer = byteLevel ? ByteLevelPreTokenizer(addPrefixSpace: false) : SequencePreTokenizer([])
        let preTokenizer = try JSONValues.present(root["pre_tokenizer"]).map { try factories.preTokenizer($0, at: "pre_tokenizer") }
            ?? defaultPreTokenizer
        let decoder = try JSONValues.present(root["decoder"]).map { try factories.decoder($0, at: "decoder") } ?? DecoderRules()
        var postProcessor = try JSONValues.present(root["post_processor"]).map { try factories.postProcessor($0, at: "post_processor") }
            ?? .none

        let configValues = JSONValues(source: configSource)
        func configTokenID(_ key: String) throws -> Int32? {
            guard let value = JSONValues.present(config[key]) else { return nil }
            let content = try (value as? [String: Any]).map { try configValues.string($0["content"], at: "\(key).content") }
                ?? configValues.string(value, at: key)
            guard let id = vocabulary.idsByToken[content] else { throw configValues.problem("'\(key)' '\(content)' is not in the vocabulary") }
            return id
        }
        let bosID = try configTokenID("bos_token")
        let eosID = try configTokenID("eos_token")
        let unkID = try modelUnk.flatMap { vocabulary.idsByToken[$0] } ?? configTokenID("unk_token")
        let padID = try configTokenID("pad_token")

        // BOS/EOS written into the template become the addBOS/addEOS flags, which the config may override
        // (as transformers' LlamaTokenizerFast rebuilds its template from add_bos_token/add_eos_token).
        var addBOS = false
        if let bosID, postProcessor.prefix.first == bosID {
            postProcessor.prefix.removeFirst()
            addBOS = true
        }
        var addEOS = false
        if let eosID, postProcessor.suffix.last == eosID {
            postProcessor.suffix.removeLast()
            addEOS = true
        }
        addBOS = try configValues.bool(config["add_bos_token"], at: "add_bos_token", default: addBOS)
        addEOS = try configValues.bool(config["add_eos_token"], at: "add_eos_token", default: addEOS)

        let chatTemplateSource = try Self.chatTemplate(in: config, json: configValues)
        self.init(vocabulary: vocabulary, addedTokens: AddedTokenMatcher(tokens: addedTokens), normalizer: normalizer,
                  preTokenizer: preTokenizer, model: model, postProcessor: postProcessor, addBOS: addBOS, addEOS: addEOS,
                  bosID: bosID, eosID: eosID, unkID: unkID, padID: padID, chatTemplateSource: chatTemplateSource,
                  chatTemplate: ChatTemplate(detectingFrom: chatTemplateSource),
                  decodeStripsLeadingSpace: decoder.stripsLeadingSpace)
    }

    /// `model.vocab` with every piece's exact UTF-8 (see `RawJSONObject`).
    private static func exactVocabulary(_ data: Data, json: JSONValues) throws -> [(piece: [UInt8], id: Int32)] {
        guard let entries = try RawJSONObject.integerEntries(in: data, at: ["model", "vocab"], source: json.source) else {
            throw json.problem("'model.vocab' is not a JSON object")
        }
        return try entries.map { entry in
            guard let id = Int32(exactly: entry.value) else {
                throw json.problem("'model.vocab.\(String(decoding: entry.key, as: UTF8.self))' is not a 32-bit integer")
            }
            return (piece: entry.key, id: id)
        }
    }

    private static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TokenizerError(source: url.path, problem: "cannot read (\(error.localizedDescription))")
        }
    }

    /// Merges as `"a b"` strings (older files, GGUF) or `["a", "b"]` pairs (tokenizers ≥ 0.20).
    static func parseMerges(_ entries: [Any], json: JSONValues) throws -> [(String, String)] {
        try entries.enumerated().map { index, entry in
            if let pair = entry as? [Any], pair.count == 2, let left = pair[0] as? String, let right = pair[1] as? String {
                return (left, right)
            }
            if let line = entry as? String, let pair = splitMerge(line) { return pair }
            throw json.problem("'model.merges[\(index)]' is neither \"a b\" nor [\"a\", \"b\"]")
        }
    }

    /// Splits `"a b"` at its single space; byte-level and "▁"-spelled tokens never contain U+0020.
    static func splitMerge(_ line: String) -> (String, String)? {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    private static func parseAddedTokens(_ value: Any, json: JSONValues) throws -> [AddedToken] {
        try json.array(value, at: "added_tokens").enumerated().map { index, entry in
            let path = "added_tokens[\(index)]"
            let object = try json.object(entry, at: path)
            return AddedToken(
                id: try json.int32(object["id"], at: "\(path).id"),
                content: try json.string(object["content"], at: "\(path).content"),
                special: try json.bool(object["special"], at: "\(path).special", default: false),
                leftStrip: try json.bool(object["lstrip"], at: "\(path).lstrip", default: false),
                rightStrip: try json.bool(object["rstrip"], at: "\(path).rstrip", default: false))
        }
    }

    /// `chat_template` as a string, or the entry named "default" of a list of named templates.
    private static func chatTemplate(in config: [String: Any], json: JSONValues) throws -> String? {
        guard let value = JSONValues.present(config["chat_template"]) else { return nil }
        if let template = value as? String { return template }
        let named = try json.array(value, at: "chat_template")
        for (index, entry) in named.enumerated() {
            let object = try json.object(entry, at: "chat_template[\(index)]")
            if object["name"] as? String == "default" { return try json.string(object["template"], at: "chat_template[\(index)].template") }
        }
        return nil
    }
}
