/// A text ↔ token-id converter: normalize → split added tokens → pre-tokenize → BPE → BOS/EOS and
/// post-processor specials; decoding maps ids back to bytes. Immutable and `Sendable`: share one
/// instance across threads; `encode` keeps its scratch in locals.
public struct Tokenizer: Sendable {
    let vocabulary: Vocabulary
    let addedTokens: AddedTokenMatcher
    let normalizer: (any Normalizer)?
    /// The pre-tokenizer in use (tokenizer.json `pre_tokenizer`, or the one the GGUF `pre` names).
    public let preTokenizer: any PreTokenizer
    let model: any TokenizationModel
    /// Specials other than BOS/EOS that `encode(_:addSpecialTokens: true)` adds.
    public let postProcessor: PostProcessor

    /// Prepend `bosID` when encoding with `addSpecialTokens` (GGUF `add_bos_token`, tokenizer_config
    /// `add_bos_token`, or a BOS in tokenizer.json's template).
    public var addBOS: Bool
    /// Append `eosID` when encoding with `addSpecialTokens`.
    public var addEOS: Bool
    public let bosID: Int32?
    public let eosID: Int32?
    public let unkID: Int32?
    public let padID: Int32?
    /// The Jinja chat template shipped with the model, if any.
    public let chatTemplateSource: String?
    /// The rendering family detected from `chatTemplateSource`.
    public let chatTemplate: ChatTemplate
    /// SentencePiece models put a space ("▁") before the text when encoding; decoding drops one
    /// leading space of the result (HF's `Strip` decoder / Metaspace, llama.cpp's `add_space_prefix`).
    public let decodeStripsLeadingSpace: Bool

    /// Number of ids (one more than the largest id, added tokens included).
    public var vocabularySize: Int { vocabulary.count }

    /// Ids of `text`. Added tokens written in the text (`<|im_start|>`) become their ids, matched in the
    /// raw text before normalization; with `parseSpecialTokens` false only non-special added tokens do. `addSpecialTokens` adds BOS/EOS
    /// (per `addBOS`/`addEOS`) and the post-processor's specials.
    public func encode(_ text: String, addSpecialTokens: Bool = true, parseSpecialTokens: Bool = true) -> [Int32] {
        let scalars = Array(text.unicodeScalars)
        var ids: [Int32] = []
        ids.reserveCapacity(scalars.count / 3 + 4)
        if addSpecialTokens {
            if addBOS, let bosID { ids.append(bosID) }
            ids += postProcessor.prefix
        }
        var pieces: [TextPiece] = []
        var pieceBytes: [UInt8] = []
        for segment in addedTokens.segments(of: scalars, includeSpecial: parseSpecialTokens) {
            switch segment {
            case .token(let id):
                ids.append(id)
            case .text(let range):
                pieces.removeAll(keepingCapacity: true)
                let atTextStart = range.lowerBound == 0
                if let normalizer {
                    let normalized = normalizer.normalize(String(String.UnicodeScalarView(scalars[range])))
                    preTokenizer.split(TextPiece(normalized.unicodeScalars), atTextStart: atTextStart, into: &pieces)
                } else {
                    preTokenizer.split(scalars[range], atTextStart: atTextStart, into: &pieces)
                }
                for piece in pieces {
                    pieceBytes.removeAll(keepingCapacity: true)
                    for scalar in piece { appendUTF8(scalar, to: &pieceBytes) }
                    model.encode(pieceBytes, into: &ids)
                }
            }
        }
        if addSpecialTokens {
            ids += postProcessor.suffix
            if addEOS, let eosID { ids.append(eosID) }
        }
        return ids
    }

    /// The bytes of `ids` concatenated; ids outside the vocabulary contribute nothing. With
    /// `decodeStripsLeadingSpace`, one space at the very start of the result is dropped. Streaming
    /// callers keep the bytes of an incomplete UTF-8 sequence until the next token completes it.
    public func decodeBytes(_ ids: [Int32], skipSpecialTokens: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids where vocabulary.contains(id) {
            if skipSpecialTokens && vocabulary.special[Int(id)] { continue }
            bytes += vocabulary.bytes[Int(id)]
        }
        if decodeStripsLeadingSpace, bytes.first == 0x20 { bytes.removeFirst() }
        return bytes
    }

    /// The text of `ids`; invalid UTF-8 becomes U+FFFD, as in HF tokenizers and llama.cpp.
    public func decode(_ ids: [Int32], skipSpecialTokens: Bool = false) -> String {
        String(decoding: decodeBytes(ids, skipSpecialTokens: skipSpecialTokens), as: UTF8.self)
    }

    /// The bytes one token decodes to (" the" for "Ġthe", " the" for "▁the", [0x0A] for "<0x0A>");
    /// empty for an unknown id. No leading space is stripped here.
    public func tokenBytes(_ id: Int32) -> [UInt8] {
        vocabulary.contains(id) ? vocabulary.bytes[Int(id)] : []
    }

    /// The text one token decodes to; a token holding part of a UTF-8 sequence gives U+FFFD.
    public func tokenText(_ id: Int32) -> String {
        String(decoding: tokenBytes(id), as: UTF8.self)
    }

    /// The token's vocabulary string ("Ġthe", "<|im_end|>"), or nil for an unknown or unused id.
    public func token(_ id: Int32) -> String? {
        guard vocabulary.contains(id) else { return nil }
        let token = vocabulary.tokens[Int(id)]
        return token.isEmpty ? nil : token
    }

    /// The id of a vocabulary string ("Ġthe", "<|im_end|>").
    public func id(forToken token: String) -> Int32? { vocabulary.idsByToken[token] }

    /// Whether `id` is a special token (control token in GGUF terms).
    public func isSpecial(_ id: Int32) -> Bool { vocabulary.contains(id) && vocabulary.special[Int(id)] }

    /// A copy that pre-tokenizes with `preTokenizer` instead (e.g. to compare pre-tokenizer variants).
    public func replacingPreTokenizer(with preTokenizer: any PreTokenizer) -> Tokenizer {
        Tokenizer(vocabulary: vocabulary, addedTokens: addedTokens, normalizer: normalizer, preTokenizer: preTokenizer,
                  model: model, postProcessor: postProcessor, addBOS: addBOS, addEOS: addEOS, bosID: bosID, eosID: eosID,
                  unkID: unkID, padID: padID, chatTemplateSource: chatTemplateSource, chatTemplate: chatTemplate,
                  decodeStripsLeadingSpace: decodeStripsLeadingSpace)
    }
}

@inline(__always)
private func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
    let value = scalar.value
    switch value {
    case 0..<0x80:
        bytes.append(UInt8(value))
    case 0x80..<0x800:
        bytes.append(UInt8(0xC0 | (value >> 6)))
        bytes.append(UInt8(0x80 | (value & 0x3F)))
    case 0x800..<0x10000:
        bytes.append(UInt8(0xE0 | (value >> 12)))
        bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (value & 0x3F)))
    default:
        bytes.append(UInt8(0xF0 | (value >> 18)))
        bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
        bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (value & 0x3F)))
    }
}
