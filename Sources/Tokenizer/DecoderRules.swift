/// Decoder `"type"` strings of tokenizer.json that this module reproduces. Decoding maps each id
/// to its bytes (`TokenSpelling`), which covers ByteLevel, Replace "▁" → " ", ByteFallback and
/// Fuse; what remains of the decoder is whether one leading space is stripped.
public enum DecoderType: String, CaseIterable, Sendable {
    /// Maps each byte-level token scalar back to its byte.
    case byteLevel = "ByteLevel"
    /// Only `"▁"` → `" "` (SentencePiece).
    case replace = "Replace"
    /// `<0xNN>` tokens become their byte.
    case byteFallback = "ByteFallback"
    /// Joins the tokens' text (no effect on bytes).
    case fuse = "Fuse"
    /// Only `content: " "`, `start` 0 or 1, `stop` 0: drops one leading space.
    case strip = "Strip"
    /// "▁" → " ", and drops the leading space that `prepend_scheme` added.
    case metaspace = "Metaspace"
    case sequence = "Sequence"
}

/// What a tokenizer.json decoder asks of decoding beyond mapping ids to bytes.
struct DecoderRules: Sendable, Equatable {
    var stripsLeadingSpace = false
}

extension StageFactories {
    /// Checks that the decoder is one whose bytes this module reproduces, and reads its rules.
    func decoder(_ value: Any, at path: String) throws -> DecoderRules {
        let object = try json.object(value, at: path)
        let name = try json.string(object["type"], at: "\(path).type")
        guard let kind = DecoderType(rawValue: name) else {
            throw TokenizerError.unsupported("decoder", name, supported: DecoderType.allCases.map(\.rawValue), source: json.source)
        }
        switch kind {
        case .byteLevel, .byteFallback, .fuse:
            return DecoderRules()
        case .replace:
            let pattern = try json.object(object["pattern"], at: "\(path).pattern")
            let content = try json.string(object["content"], at: "\(path).content")
            guard pattern["String"] as? String == "\u{2581}", content == " " else {
                throw json.problem("'\(path)' replaces something other than \"▁\" with \" \"; not supported")
            }
            return DecoderRules()
        case .strip:
            let content = try json.string(object["content"], at: "\(path).content")
            let start = try json.int32(object["start"], at: "\(path).start")
            let stop = try json.int32(object["stop"], at: "\(path).stop")
            guard content == " ", start <= 1, start >= 0, stop == 0 else {
                throw json.problem("'\(path)' strips other than at most one leading space; not supported")
            }
            return DecoderRules(stripsLeadingSpace: start == 1)
        case .metaspace:
            let scheme = try JSONValues.present(object["prepend_scheme"]).map { try json.string($0, at: "\(path).prepend_scheme") }
            let legacyPrefix = try json.bool(object["add_prefix_space"], at: "\(path).add_prefix_space", default: true)
            return DecoderRules(stripsLeadingSpace: scheme.map { $0 != "never" } ?? legacyPrefix)
        case .sequence:
            let steps = try json.array(object["decoders"], at: "\(path).decoders")
            var rules = DecoderRules()
            for (index, step) in steps.enumerated() {
                if try decoder(step, at: "\(path).decoders[\(index)]").stripsLeadingSpace { rules.stripsLeadingSpace = true }
            }
            return rules
        }
    }
}
