import Foundation
import NucleusTestSupport
import Testing
import Tokenizer

/// SmolLM2's GGUF tokenizer metadata rebuilt from tokenizer-smollm-digits/tokenizer.json. During
/// development the real GGUF's tokens, merges and control-token ids were checked equal to these.
private func smolLM2MetadataFromTokenizerJSON(pre: String?) throws -> GGUFTokenizerMetadata {
    let data = try Data(contentsOf: TestPaths.referenceFile("tokenizer-smollm-digits/tokenizer.json"))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let model = try #require(root["model"] as? [String: Any])
    let vocabulary = try #require(model["vocab"] as? [String: Int])
    var tokens = [String](repeating: "", count: vocabulary.count)
    for (token, id) in vocabulary { tokens[id] = token }
    let added = try #require(root["added_tokens"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
    var types = [Int32](repeating: 1, count: tokens.count)
    for id in added { types[id] = 3 }
    let merges = try #require(model["merges"] as? [[String]]).map { $0.joined(separator: " ") }
    return GGUFTokenizerMetadata(model: "gpt2", pre: pre, tokens: tokens, tokenTypes: types, merges: merges,
                                 bosID: 1, eosID: 2, unkID: 0, padID: 2, addBOS: false, addEOS: false,
                                 chatTemplate: "{{ '<|im_start|>' }}")
}

@Suite struct GGUFTokenizerTests {
    @Test func smolLMPreMatchesDigitSplitIDs() throws {
        let tokenizer = try Tokenizer(gguf: smolLM2MetadataFromTokenizerJSON(pre: "smollm"))
        let reference = try TokenizerSampleIDs.load()
        let text = try SmolLM2.sampleText()
        #expect(tokenizer.encode(text) == reference.digit_split.ids)
        #expect(tokenizer.decode(tokenizer.encode(text)) == text)
        #expect(tokenizer.bosID == 1 && tokenizer.eosID == 2 && tokenizer.unkID == 0 && tokenizer.padID == 2)
        #expect(tokenizer.isSpecial(1) && !tokenizer.isSpecial(100))
        #expect(tokenizer.chatTemplate == .chatML(defaultSystemPrompt: nil))
    }

    @Test func gpt2PreMatchesHFGGUFIDs() throws {
        let tokenizer = try Tokenizer(gguf: smolLM2MetadataFromTokenizerJSON(pre: "gpt2"))
        let reference = try TokenizerSampleIDs.load()
        #expect(tokenizer.encode(try SmolLM2.sampleText()) == reference.hf_gguf.ids)
    }

    /// A tiny vocabulary: the 256 byte tokens, then a merge result, a control and a user-defined token.
    private func tinyMetadata(pre: String? = "gpt2", model: String = "gpt2", addBOS: Bool? = nil) -> GGUFTokenizerMetadata {
        let byteTokens = (0..<256).map { byteLevelToken([UInt8($0)]) }
        return GGUFTokenizerMetadata(
            model: model, pre: pre, tokens: byteTokens + ["ab", "<ctl>", "<usr>"],
            tokenTypes: Array(repeating: 1, count: 257) + [3, 4], merges: ["a b"], bosID: 257, eosID: 257, addBOS: addBOS)
    }

    @Test func controlAndUserDefinedTokensAreMatched() throws {
        let tokenizer = try Tokenizer(gguf: tinyMetadata())
        #expect(tokenizer.encode("ab<ctl>x<usr>") == [256, 257, 120, 258])
        #expect(tokenizer.decode([256, 257, 258], skipSpecialTokens: true) == "ab<usr>")
        #expect(tokenizer.encode("<ctl><usr>", parseSpecialTokens: false) == [60, 99, 116, 108, 62, 258])
    }

    @Test func addBOSFromMetadata() throws {
        let tokenizer = try Tokenizer(gguf: tinyMetadata(addBOS: true))
        #expect(tokenizer.encode("ab") == [257, 256])
        #expect(tokenizer.encode("ab", addSpecialTokens: false) == [256])
    }

    @Test func unknownPreListsSupportedOnes() {
        let error = TokenizerError(source: "GGUF metadata", problem:
            "unsupported tokenizer.ggml.pre 'falcon' (supported: gpt2, gpt-2, phi-2, roberta-bpe, default, smollm, "
                + "llama3, llama-v3, llama-bpe, falcon3, pixtral, dbrx, smaug-bpe, qwen2, deepseek-r1-qwen, megrez, deepseek-llm)")
        #expect(throws: error) { try Tokenizer(gguf: tinyMetadata(pre: "falcon")) }
    }

    @Test func unsupportedModelListsSupportedOnes() {
        let error = TokenizerError(source: "GGUF metadata", problem: "unsupported tokenizer.ggml.model 't5' (supported: gpt2, llama)")
        #expect(throws: error) { try Tokenizer(gguf: tinyMetadata(model: "t5")) }
    }

    /// llama.cpp's defaults when `add_bos_token` is absent: on for Llama-3's pre-tokenizer, off for GPT-2's.
    @Test func addBOSDefaultsFollowThePreTokenizer() throws {
        #expect(try Tokenizer(gguf: tinyMetadata(pre: "llama-bpe")).addBOS == true)
        #expect(try Tokenizer(gguf: tinyMetadata(pre: "gpt2")).addBOS == false)
        var metadata = tinyMetadata(pre: "llama-bpe")
        metadata.addBOS = false
        #expect(try Tokenizer(gguf: metadata).addBOS == false)
    }

    @Test func tokenTypeCountMustMatch() {
        var metadata = tinyMetadata()
        metadata.tokenTypes.removeLast()
        #expect(throws: TokenizerError(source: "GGUF metadata", problem: "258 token types for 259 tokens")) {
            try Tokenizer(gguf: metadata)
        }
    }
}
