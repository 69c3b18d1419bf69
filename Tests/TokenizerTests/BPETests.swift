import Foundation
import Testing
import Tokenizer

/// A tiny byte-level tokenizer.json: the 256 byte tokens (ids 0–255, in byte order) plus `extra`
/// tokens from id 256, and `merges`.
func tinyTokenizerJSON(extra: [String], merges: [String], addedTokens: String = "[]",
                       preTokenizer: String = #"{"type": "ByteLevel", "add_prefix_space": false}"#,
                       postProcessor: String = "null", modelType: String = "BPE") -> Data {
    var vocabulary: [String: Int] = [:]
    for byte in 0..<256 { vocabulary[byteLevelToken([UInt8(byte)])] = byte }
    for (offset, token) in extra.enumerated() { vocabulary[token] = 256 + offset }
    let vocabularyJSON = String(decoding: (try? JSONSerialization.data(withJSONObject: vocabulary)) ?? Data(), as: UTF8.self)
    let mergesJSON = String(decoding: (try? JSONSerialization.data(withJSONObject: merges)) ?? Data(), as: UTF8.self)
    return Data("""
    {"added_tokens": \(addedTokens), "normalizer": null, "pre_tokenizer": \(preTokenizer),
     "post_processor": \(postProcessor), "decoder": {"type": "ByteLevel"},
     "model": {"type": "\(modelType)", "vocab": \(vocabularyJSON), "merges": \(mergesJSON)}}
    """.utf8)
}

/// The GPT-2 byte-level string of `bytes`, computed from the published table's definition.
func byteLevelToken(_ bytes: [UInt8]) -> String {
    let printable = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
    var mapping: [Int: UInt32] = [:]
    var extra: UInt32 = 256
    for byte in 0..<256 {
        if printable.contains(byte) { mapping[byte] = UInt32(byte) } else { mapping[byte] = extra; extra += 1 }
    }
    return String(String.UnicodeScalarView(bytes.compactMap { Unicode.Scalar(mapping[Int($0)] ?? 0) }))
}

@Suite struct BPETests {
    @Test func byteLevelMappingOfSpaceAndNewline() {
        #expect(byteLevelToken([0x20]) == "Ġ")
        #expect(byteLevelToken([0x0A]) == "Ċ")
        #expect(byteLevelToken([0xAD]) == "Ń")
    }

    /// Lower rank wins: "b c" (rank 0) applies before "a b" (rank 1), so "abc" → "a" + "bc".
    @Test func lowerRankMergesFirst() throws {
        let tokenizer = try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: ["bc", "ab"], merges: ["b c", "a b"]))
        #expect(tokenizer.encode("abc") == [97, 256])
        let reversed = try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: ["ab", "bc"], merges: ["a b", "b c"]))
        #expect(reversed.encode("abc") == [256, 99])
    }

    /// Equal ranks (the same pair twice): the leftmost applies first, "aaa" → "aa" + "a".
    @Test func tiesBreakLeftmost() throws {
        let tokenizer = try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: ["aa", "aaaa"], merges: ["a a", "aa aa"]))
        #expect(tokenizer.encode("aaa") == [256, 97])
        #expect(tokenizer.encode("aaaaa") == [257, 97])
        #expect(tokenizer.encode("aaaa aa") == [257, 32, 256])
    }

    /// Merges chain through newly made symbols: "Ġ t" → "Ġt", then "Ġt he" needs "h e" first.
    @Test func mergesChain() throws {
        let tokenizer = try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(
            extra: ["Ġt", "he", "Ġthe"], merges: ["Ġ t", "h e", "Ġt he"]))
        #expect(tokenizer.encode("a the") == [97, 258])
        #expect(tokenizer.decode([97, 258]) == "a the")
        #expect(tokenizer.tokenText(258) == " the")
        #expect(tokenizer.token(258) == "Ġthe")
    }

    @Test func multiByteCharactersRoundTrip() throws {
        let tokenizer = try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: [], merges: []))
        let ids = tokenizer.encode("é😀")
        #expect(ids == [0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80])
        #expect(tokenizer.decode(ids) == "é😀")
        #expect(tokenizer.decodeBytes(Array(ids.prefix(3))) == [0xC3, 0xA9, 0xF0])
        #expect(tokenizer.decode(Array(ids.prefix(3))) == "é\u{FFFD}")
    }

    @Test func addedTokensMatchLongestFirst() throws {
        let added = """
        [{"id": 256, "content": "<a>", "special": true}, {"id": 257, "content": "<a><b>", "special": true},
         {"id": 258, "content": "<x>", "special": false, "lstrip": true}]
        """
        let tokenizer = try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: ["<a>", "<a><b>", "<x>"], merges: [], addedTokens: added))
        #expect(tokenizer.encode("<a><b>z") == [257, 122])
        #expect(tokenizer.encode("z<a><c>") == [122, 256, 60, 99, 62])
        #expect(tokenizer.encode("z  <x>") == [122, 258])
        #expect(tokenizer.decode([257, 258], skipSpecialTokens: true) == "<x>")
        #expect(tokenizer.encode("<a>", parseSpecialTokens: false) == [60, 97, 62])
    }

    @Test func templateBOSBecomesAddBOS() throws {
        let added = #"[{"id": 256, "content": "<s>", "special": true}, {"id": 257, "content": "</s>", "special": true}]"#
        let template = """
        {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
         "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [256], "tokens": ["<s>"]}}}
        """
        let data = tinyTokenizerJSON(extra: ["<s>", "</s>"], merges: [], addedTokens: added, postProcessor: template)
        let withoutConfig = try Tokenizer(tokenizerJSONData: data)
        #expect(withoutConfig.encode("a") == [256, 97])
        #expect(withoutConfig.addBOS == false)
        let config = Data(#"{"bos_token": {"content": "<s>"}, "eos_token": "</s>", "add_eos_token": true}"#.utf8)
        let tokenizer = try Tokenizer(tokenizerJSONData: data, configJSONData: config)
        #expect(tokenizer.addBOS && tokenizer.addEOS)
        #expect(tokenizer.bosID == 256 && tokenizer.eosID == 257)
        #expect(tokenizer.encode("a") == [256, 97, 257])
        #expect(tokenizer.encode("a", addSpecialTokens: false) == [97])
    }

    @Test func unsupportedModelTypeListsSupportedOnes() {
        #expect(throws: TokenizerError(source: "tokenizer.json", problem: "unsupported model type 'WordPiece' (supported: BPE)")) {
            try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: [], merges: [], modelType: "WordPiece"))
        }
    }

    @Test func unsupportedPreTokenizerListsSupportedOnes() {
        let error = TokenizerError(source: "tokenizer.json",
                                   problem: "unsupported pre-tokenizer 'Whitespace' (supported: ByteLevel, Digits, Split, Sequence, Metaspace)")
        #expect(throws: error) {
            try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: [], merges: [], preTokenizer: #"{"type": "Whitespace"}"#))
        }
    }

    /// WordPiece and Unigram files are refused with the file's path and the supported model types.
    @Test(arguments: ["WordPiece", "Unigram"])
    func unsupportedModelTypeNamesTheFile(_ modelType: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-\(modelType)-\(UUID().uuidString).json")
        try tinyTokenizerJSON(extra: [], merges: [], modelType: modelType).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: TokenizerError(source: file.path, problem: "unsupported model type '\(modelType)' (supported: BPE)")) {
            try Tokenizer(tokenizerJSON: file)
        }
    }

    @Test func mergeOfMissingTokenIsRejected() {
        #expect(throws: TokenizerError(source: "tokenizer.json", problem: "merge 0 'a b' makes a token missing from the vocabulary")) {
            try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: [], merges: ["a b"]))
        }
    }

    @Test func sharedAcrossTasks() async throws {
        let tokenizer = try Tokenizer(tokenizerJSONData: tinyTokenizerJSON(extra: ["ab"], merges: ["a b"]))
        let results = await withTaskGroup(of: [Int32].self) { group in
            for _ in 0..<8 { group.addTask { tokenizer.encode("ab ab ab") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: [256, 32, 256, 32, 256], count: 8))
    }
}
