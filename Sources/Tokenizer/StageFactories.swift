/// Builds pipeline stages from tokenizer.json objects, keyed by their `"type"` strings.
struct StageFactories {
    let json: JSONValues

    private func type(of object: [String: Any], at path: String) throws -> String {
        try json.string(object["type"], at: "\(path).type")
    }

    func normalizer(_ value: Any, at path: String) throws -> any Normalizer {
        let object = try json.object(value, at: path)
        let name = try type(of: object, at: path)
        guard let kind = NormalizerType(rawValue: name) else {
            throw TokenizerError.unsupported("normalizer", name, supported: NormalizerType.allCases.map(\.rawValue), source: json.source)
        }
        switch kind {
        case .nfc: return UnicodeNormalizer(.nfc)
        case .nfd: return UnicodeNormalizer(.nfd)
        case .nfkc: return UnicodeNormalizer(.nfkc)
        case .nfkd: return UnicodeNormalizer(.nfkd)
        case .lowercase: return LowercaseNormalizer()
        case .prepend: return PrependNormalizer(prefix: try json.string(object["prepend"], at: "\(path).prepend"))
        case .replace:
            let pattern = try json.object(object["pattern"], at: "\(path).pattern")
            guard let literal = pattern["String"] as? String else {
                throw json.problem("'\(path).pattern' is a regex; only String patterns are supported in Replace")
            }
            return ReplaceNormalizer(pattern: literal, replacement: try json.string(object["content"], at: "\(path).content"))
        case .sequence:
            let steps = try json.array(object["normalizers"], at: "\(path).normalizers")
            return SequenceNormalizer(try steps.enumerated().map { try normalizer($1, at: "\(path).normalizers[\($0)]") })
        }
    }

    func preTokenizer(_ value: Any, at path: String) throws -> any PreTokenizer {
        let object = try json.object(value, at: path)
        let name = try type(of: object, at: path)
        guard let kind = PreTokenizerType(rawValue: name) else {
            throw TokenizerError.unsupported("pre-tokenizer", name, supported: PreTokenizerType.allCases.map(\.rawValue), source: json.source)
        }
        switch kind {
        case .byteLevel:
            return ByteLevelPreTokenizer(
                addPrefixSpace: try json.bool(object["add_prefix_space"], at: "\(path).add_prefix_space", default: true),
                useRegex: try json.bool(object["use_regex"], at: "\(path).use_regex", default: true))
        case .digits:
            return DigitsPreTokenizer(
                individualDigits: try json.bool(object["individual_digits"], at: "\(path).individual_digits", default: false))
        case .split:
            return try splitPreTokenizer(object, at: path)
        case .sequence:
            let steps = try json.array(object["pretokenizers"], at: "\(path).pretokenizers")
            return SequencePreTokenizer(try steps.enumerated().map { try preTokenizer($1, at: "\(path).pretokenizers[\($0)]") })
        case .metaspace:
            return try metaspace(object, at: path)
        }
    }

    /// `replacement` (one scalar), `prepend_scheme` (or the older `add_prefix_space`), `split`.
    private func metaspace(_ object: [String: Any], at path: String) throws -> MetaspacePreTokenizer {
        let replacementText = try JSONValues.present(object["replacement"]).map { try json.string($0, at: "\(path).replacement") } ?? "\u{2581}"
        guard replacementText.unicodeScalars.count == 1, let replacement = replacementText.unicodeScalars.first else {
            throw json.problem("'\(path).replacement' '\(replacementText)' is not one character")
        }
        let scheme: MetaspacePreTokenizer.PrependScheme
        if let name = JSONValues.present(object["prepend_scheme"]) {
            let text = try json.string(name, at: "\(path).prepend_scheme")
            guard let known = MetaspacePreTokenizer.PrependScheme(rawValue: text) else {
                throw TokenizerError.unsupported("Metaspace prepend_scheme", text,
                                                 supported: MetaspacePreTokenizer.PrependScheme.allCases.map(\.rawValue), source: json.source)
            }
            scheme = known
        } else {
            scheme = try json.bool(object["add_prefix_space"], at: "\(path).add_prefix_space", default: true) ? .always : .never
        }
        return MetaspacePreTokenizer(replacement: replacement, prependScheme: scheme,
                                     split: try json.bool(object["split"], at: "\(path).split", default: true))
    }

    private func splitPreTokenizer(_ object: [String: Any], at path: String) throws -> SplitPreTokenizer {
        let patternObject = try json.object(object["pattern"], at: "\(path).pattern")
        let pattern: SplitPreTokenizer.Pattern
        if let literal = patternObject["String"] as? String {
            pattern = .string(literal)
        } else if let regex = patternObject["Regex"] as? String {
            guard let scanner = SplitPattern(regex: regex) else {
                let known = SplitPattern.allCases.flatMap(\.regexSources).map { "'\($0)'" }
                throw json.problem("'\(path).pattern' regex '\(regex)' has no scanner (known: \(known.joined(separator: ", ")))")
            }
            pattern = .scanner(scanner)
        } else {
            throw json.problem("'\(path).pattern' has neither a String nor a Regex")
        }
        let behaviorName = try json.string(object["behavior"], at: "\(path).behavior")
        guard let behavior = SplitPreTokenizer.Behavior(rawValue: behaviorName) else {
            throw TokenizerError.unsupported("split behavior", behaviorName,
                                             supported: SplitPreTokenizer.Behavior.allCases.map(\.rawValue), source: json.source)
        }
        return SplitPreTokenizer(pattern: pattern, behavior: behavior,
                                 invert: try json.bool(object["invert"], at: "\(path).invert", default: false))
    }

    /// The post-processor; `ids` resolves a special token's content to its id.
    func postProcessor(_ value: Any, at path: String) throws -> PostProcessor {
        let object = try json.object(value, at: path)
        let name = try type(of: object, at: path)
        guard let kind = PostProcessorType(rawValue: name) else {
            throw TokenizerError.unsupported("post-processor", name, supported: PostProcessorType.allCases.map(\.rawValue), source: json.source)
        }
        switch kind {
        case .byteLevel:
            return .none
        case .sequence:
            let steps = try json.array(object["processors"], at: "\(path).processors")
            var combined = PostProcessor.none
            for (index, step) in steps.enumerated() {
                let processor = try postProcessor(step, at: "\(path).processors[\(index)]")
                combined.prefix += processor.prefix
                combined.suffix = processor.suffix + combined.suffix
            }
            return combined
        case .templateProcessing:
            return try templateProcessing(object, at: path)
        }
    }

    /// `single` is a list of `{"SpecialToken": {"id": name}}` and one `{"Sequence": {"id": "A"}}`;
    /// `special_tokens[name].ids` gives the ids.
    private func templateProcessing(_ object: [String: Any], at path: String) throws -> PostProcessor {
        let single = try json.array(object["single"], at: "\(path).single")
        let specials = try json.object(JSONValues.present(object["special_tokens"]) ?? [String: Any](), at: "\(path).special_tokens")
        var result = PostProcessor.none
        var seenSequence = false
        for (index, item) in single.enumerated() {
            let itemPath = "\(path).single[\(index)]"
            let entry = try json.object(item, at: itemPath)
            if entry["Sequence"] != nil {
                seenSequence = true
                continue
            }
            let special = try json.object(entry["SpecialToken"], at: "\(itemPath).SpecialToken")
            let name = try json.string(special["id"], at: "\(itemPath).SpecialToken.id")
            let definition = try json.object(specials[name], at: "\(path).special_tokens.\(name)")
            let ids = try json.array(definition["ids"], at: "\(path).special_tokens.\(name).ids")
                .map { try json.int32($0, at: "\(path).special_tokens.\(name).ids") }
            if seenSequence { result.suffix += ids } else { result.prefix += ids }
        }
        return result
    }

    /// Whether a ByteLevel step occurs in a pre-tokenizer or decoder tree.
    static func containsByteLevel(_ value: Any?) -> Bool {
        guard let object = value as? [String: Any] else { return false }
        if object["type"] as? String == "ByteLevel" { return true }
        for key in ["pretokenizers", "decoders"] {
            if let steps = object[key] as? [Any], steps.contains(where: containsByteLevel) { return true }
        }
        return false
    }
}
