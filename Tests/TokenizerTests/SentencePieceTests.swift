import Foundation
import Testing
import Tokenizer

/// A tiny SentencePiece vocabulary in GGUF form: `<unk>`, `<s>`, `</s>`, the 256 byte tokens
/// (ids 3–258), then `pieces` with their scores, then a user-defined `<usr>`.
private func tinySentencePiece(pieces: [(String, Float)], addBOS: Bool? = nil, addSpacePrefix: Bool? = nil,
                               name: String? = nil) -> GGUFTokenizerMetadata {
    let bytes = (0..<256).map { String(format: "<0x%02X>", $0) }
    let tokens = ["<unk>", "<s>", "</s>"] + bytes + pieces.map(\.0) + ["<usr>"]
    let types: [Int32] = [2, 3, 3] + Array(repeating: 6, count: 256) + Array(repeating: 1, count: pieces.count) + [4]
    let scores: [Float] = [0, 0, 0] + Array(repeating: 0, count: 256) + pieces.map(\.1) + [0]
    return GGUFTokenizerMetadata(model: "llama", pre: "default", tokens: tokens, tokenTypes: types, merges: [], scores: scores,
                                 bosID: 1, eosID: 2, unkID: 0, addBOS: addBOS, addSpacePrefix: addSpacePrefix, modelName: name)
}

/// Ids of the tiny vocabulary's pieces: 259, 260, ...
private let space: Int32 = 259, a: Int32 = 260, b: Int32 = 261, spaceA: Int32 = 262, ab: Int32 = 263

@Suite struct SentencePieceTests {
    /// The pair whose merged token scores higher merges first: "▁a" (-4) before "ab" (-5), and the reverse.
    @Test func higherScoreMergesFirst() throws {
        let spaceAFirst = try Tokenizer(gguf: tinySentencePiece(pieces: [("▁", -1), ("a", -2), ("b", -3), ("▁a", -4), ("ab", -5)]))
        #expect(spaceAFirst.encode("ab", addSpecialTokens: false) == [spaceA, b])
        let abFirst = try Tokenizer(gguf: tinySentencePiece(pieces: [("▁", -1), ("a", -2), ("b", -3), ("▁a", -5), ("ab", -4)]))
        #expect(abFirst.encode("ab", addSpecialTokens: false) == [space, ab])
    }

    /// Equal scores (the same pair twice): the leftmost merges first, "aaa" → "aa" + "a".
    @Test func tiesMergeLeftmost() throws {
        let tokenizer = try Tokenizer(gguf: tinySentencePiece(pieces: [("▁", -1), ("a", -2), ("b", -3), ("aa", -4)],
                                                              addSpacePrefix: false))
        #expect(tokenizer.encode("aaa", addSpecialTokens: false) == [262, a])
    }

    /// A scalar missing from the vocabulary becomes its UTF-8 bytes as `<0xNN>` tokens; decoding
    /// turns them back into the bytes and drops the space the encoder put first.
    @Test func byteFallbackAndDecode() throws {
        let tokenizer = try Tokenizer(gguf: tinySentencePiece(pieces: [("▁", -1), ("a", -2), ("b", -3), ("▁a", -4), ("ab", -5)]))
        let ids = tokenizer.encode("aé b", addSpecialTokens: false)
        let byteC3: Int32 = 3 + 0xC3, byteA9: Int32 = 3 + 0xA9
        #expect(ids == [spaceA, byteC3, byteA9, space, b])
        #expect(tokenizer.decode(ids) == "aé b")
        #expect(tokenizer.tokenText(spaceA) == " a")
        #expect(tokenizer.tokenBytes(3 + 0x0A) == [0x0A])
        #expect(tokenizer.decode(tokenizer.encode(" a", addSpecialTokens: false)) == " a")
    }

    /// BOS is on by default for SentencePiece GGUF files; every text segment after a matched token
    /// gets its own "▁" (llama.cpp); control tokens are text unless special parsing is on, while
    /// user-defined ones are always matched.
    @Test func specialTokensAndSpacePrefix() throws {
        let tokenizer = try Tokenizer(gguf: tinySentencePiece(pieces: [("▁", -1), ("a", -2), ("b", -3), ("▁a", -4), ("ab", -5)]))
        #expect(tokenizer.addBOS)
        #expect(tokenizer.encode("a") == [1, spaceA])
        #expect(tokenizer.encode("a</s>a", addSpecialTokens: false) == [spaceA, 2, spaceA])
        #expect(tokenizer.encode("a<usr>b", addSpecialTokens: false, parseSpecialTokens: false) == [spaceA, 264, space, b])
        let literal = tokenizer.encode("</s>", addSpecialTokens: false, parseSpecialTokens: false)
        #expect(!literal.contains(2) && tokenizer.decode(literal) == "</s>")
        #expect(tokenizer.decode([1, spaceA, 2], skipSpecialTokens: true) == "a")
        #expect(tokenizer.decode([1, spaceA]) == "<s> a")
        let noPrefix = try Tokenizer(gguf: tinySentencePiece(pieces: [("▁", -1), ("a", -2)], addBOS: false, addSpacePrefix: false))
        #expect(noPrefix.encode("a a") == [a, space, a])
        #expect(noPrefix.decode([space, a]) == " a")
    }

    /// llama.cpp right-strips Phi-3's added tokens (except `<unk>`, `<s>`, `<|endoftext|>`), keyed on `general.name`.
    @Test func phi3AddedTokensRightStrip() throws {
        let pieces: [(String, Float)] = [("▁", -1), ("a", -2), ("b", -3), ("▁a", -4), ("ab", -5)]
        let phi3 = try Tokenizer(gguf: tinySentencePiece(pieces: pieces, name: "Phi3"))
        #expect(phi3.encode("a<usr>  a", addSpecialTokens: false) == [spaceA, 264, spaceA])
        let other = try Tokenizer(gguf: tinySentencePiece(pieces: pieces))
        #expect(other.encode("a<usr> a", addSpecialTokens: false) == [spaceA, 264, space, spaceA])
    }

    @Test func scoreCountMustMatch() {
        var metadata = tinySentencePiece(pieces: [("a", -1)])
        metadata.scores.removeLast()
        #expect(throws: TokenizerError(source: "GGUF metadata", problem: "260 scores for 261 tokens")) { try Tokenizer(gguf: metadata) }
    }
}

/// SentencePiece-style BPE from tokenizer.json: byte fallback, ranked merges, Metaspace, and the
/// Replace/ByteFallback/Fuse/Strip decoder that transformers writes for Llama-2.
@Suite struct SentencePieceJSONTests {
    static func tokenizerJSON(preTokenizer: String, normalizer: String = "null") -> Data {
        var vocabulary: [String: Int] = ["<unk>": 0, "<s>": 1, "</s>": 2]
        for byte in 0..<256 { vocabulary[String(format: "<0x%02X>", byte)] = 3 + byte }
        for (offset, piece) in ["▁", "a", "b", "▁a", "ab"].enumerated() { vocabulary[piece] = 259 + offset }
        let vocabularyJSON = String(decoding: (try? JSONSerialization.data(withJSONObject: vocabulary)) ?? Data(), as: UTF8.self)
        return Data("""
        {"added_tokens": [{"id": 1, "content": "<s>", "special": true, "normalized": false}],
         "normalizer": \(normalizer), "pre_tokenizer": \(preTokenizer), "post_processor": null,
         "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
           {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
         "model": {"type": "BPE", "unk_token": "<unk>", "byte_fallback": true, "fuse_unk": true, "vocab": \(vocabularyJSON),
                   "merges": [["▁", "a"], ["a", "b"]]}}
        """.utf8)
    }

    /// Metaspace `first`: "▁" goes before the text only at its very start and only when it does not
    /// already start with a space (HF's legacy-free Llama behaviour, unlike llama.cpp).
    @Test func metaspaceFirstScheme() throws {
        let tokenizer = try Tokenizer(tokenizerJSONData: Self.tokenizerJSON(
            preTokenizer: #"{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": false}"#))
        #expect(tokenizer.encode("ab b") == [262, 261, 259, 261])
        #expect(tokenizer.encode(" ab") == [262, 261])
        #expect(tokenizer.encode("<s>ab") == [1, 263])
        let byteIDs: [Int32] = [3 + 0xC3, 3 + 0xA9]
        #expect(tokenizer.encode("é") == [259] + byteIDs)
        #expect(tokenizer.decode(tokenizer.encode("ab bé")) == "ab bé")
        #expect(tokenizer.decode(tokenizer.encode(" ab")) == "ab")
    }

    /// transformers' Phi-3 shape: Prepend + Replace normalizers, no pre-tokenizer.
    @Test func prependReplaceNormalizer() throws {
        let tokenizer = try Tokenizer(tokenizerJSONData: Self.tokenizerJSON(preTokenizer: "null", normalizer: """
            {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
             {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]}
            """))
        #expect(tokenizer.encode(" ab") == [259, 262, 261])
        #expect(tokenizer.decode(tokenizer.encode(" ab")) == " ab")
    }

    @Test func metaspaceSplitCutsBeforeEachReplacement() throws {
        var output: [TextPiece] = []
        MetaspacePreTokenizer(prependScheme: .always, split: true).split(TextPiece("a  b".unicodeScalars), into: &output)
        #expect(output.map { String(String.UnicodeScalarView($0)) } == ["▁a", "▁", "▁b"])
    }

    @Test func unsupportedDecoderIsRejected() {
        let json = String(decoding: Self.tokenizerJSON(preTokenizer: "null"), as: UTF8.self)
            .replacingOccurrences(of: #"{"type": "Fuse"}"#, with: #"{"type": "WordPiece"}"#)
        let error = TokenizerError(source: "tokenizer.json", problem:
            "unsupported decoder 'WordPiece' (supported: ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence)")
        #expect(throws: error) { try Tokenizer(tokenizerJSONData: Data(json.utf8)) }
    }
}
