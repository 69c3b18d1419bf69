import Foundation
import NucleusTestSupport
import Testing
@testable import Tokenizer

/// Golden tests against HF tokenizers' output for SmolLM2 (Tests/Fixtures/smollm2-135m).
@Suite struct SmolLM2ReferenceTests {
    @Test func sampleMatchesDigitSplitIDs() throws {
        let tokenizer = try SmolLM2.tokenizer()
        let reference = try TokenizerSampleIDs.load()
        let ids = tokenizer.encode(try SmolLM2.sampleText())
        #expect(ids.count == 1162)
        #expect(ids == reference.digit_split.ids)
    }

    @Test func sampleTokensMatchReferenceStrings() throws {
        let tokenizer = try SmolLM2.tokenizer()
        let reference = try TokenizerSampleIDs.load()
        #expect(reference.digit_split.ids.map { tokenizer.token($0) ?? "?" } == reference.digit_split.tokens)
    }

    @Test func eachLineMatchesDigitSplitIDs() throws {
        let tokenizer = try SmolLM2.tokenizer()
        let reference = try TokenizerSampleIDs.load()
        #expect(reference.per_line.count == 43)
        for line in reference.per_line {
            #expect(tokenizer.encode(line.line) == line.digit_split, "line: \(line.line)")
        }
    }

    @Test func plainByteLevelMatchesHFGGUFIDs() throws {
        let tokenizer = try SmolLM2.tokenizer().replacingPreTokenizer(with: ByteLevelPreTokenizer(addPrefixSpace: false))
        let reference = try TokenizerSampleIDs.load()
        let ids = tokenizer.encode(try SmolLM2.sampleText())
        #expect(ids.count == 1166)
        #expect(ids == reference.hf_gguf.ids)
        for line in reference.per_line {
            #expect(tokenizer.encode(line.line) == line.hf_gguf, "line: \(line.line)")
        }
    }

    @Test func decodeRoundTripsSampleByteExactly() throws {
        let tokenizer = try SmolLM2.tokenizer()
        let data = try Data(contentsOf: TestPaths.referenceFile("tokenizer_sample.txt"))
        let text = String(decoding: data, as: UTF8.self)
        let ids = tokenizer.encode(text)
        #expect(tokenizer.decodeBytes(ids) == Array(data))
        #expect(tokenizer.decode(ids) == text)
        let pieces = ids.flatMap(tokenizer.tokenBytes)
        #expect(pieces == Array(data))
    }

    @Test func specialIDsComeFromConfig() throws {
        let tokenizer = try SmolLM2.tokenizer()
        #expect(tokenizer.bosID == 1)
        #expect(tokenizer.eosID == 2)
        #expect(tokenizer.padID == 2)
        #expect(tokenizer.unkID == 0)
        #expect(tokenizer.addBOS == false)
        #expect(tokenizer.vocabularySize == 49152)
        #expect(tokenizer.isSpecial(2) && !tokenizer.isSpecial(17))
    }

    @Test func specialTokensInTextAreMatchedAndSkippable() throws {
        let tokenizer = try SmolLM2.tokenizer()
        let ids = tokenizer.encode("<|im_start|>user\nhi<|im_end|>")
        #expect(ids.first == 1 && ids.last == 2)
        #expect(tokenizer.decode(ids) == "<|im_start|>user\nhi<|im_end|>")
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == "user\nhi")
        // With special parsing off, the markers are ordinary text.
        let literal = tokenizer.encode("<|im_end|>", parseSpecialTokens: false)
        #expect(!literal.contains(2) && literal.count > 1)
        #expect(tokenizer.decode(literal) == "<|im_end|>")
    }

    @Test func addBOSPrependsBOSOnlyWithSpecialTokens() throws {
        var tokenizer = try SmolLM2.tokenizer()
        tokenizer.addBOS = true
        tokenizer.addEOS = true
        let plain = tokenizer.encode("Hello", addSpecialTokens: false)
        #expect(tokenizer.encode("Hello") == [1] + plain + [2])
    }

    @Test func tokenTextDecodesOneToken() throws {
        let tokenizer = try SmolLM2.tokenizer()
        let id = tokenizer.id(forToken: "Ġthe") ?? -1
        #expect(tokenizer.tokenText(id) == " the")
        #expect(tokenizer.tokenText(2) == "<|im_end|>")
        #expect(tokenizer.tokenText(-1) == "")
    }

    @Test func chatTemplateExampleRendersAndEncodes() throws {
        struct Example: Decodable {
            struct Message: Decodable { var role: String; var content: String }
            var messages: [Message]
            var add_generation_prompt: Bool
            var text: String
            var ids: [Int32]
            var template: String
        }
        let example = try JSONDecoder().decode(Example.self, from: Data(contentsOf: TestPaths.referenceFile("chat_template_example.json")))
        let tokenizer = try SmolLM2.tokenizer()
        #expect(tokenizer.chatTemplate == ChatTemplate(detectingFrom: example.template))
        #expect(tokenizer.chatTemplate == .chatML(defaultSystemPrompt: "You are a helpful AI assistant named SmolLM, trained by Hugging Face"))
        let rendered = tokenizer.chatTemplate.render(example.messages.map { ChatMessage(role: $0.role, content: $0.content) },
                                                     addGenerationPrompt: example.add_generation_prompt)
        #expect(rendered == example.text)
        #expect(tokenizer.encode(rendered) == example.ids)
    }

    @Test func encodingIsFast() throws {
        let tokenizer = try SmolLM2.tokenizer()
        let text = try SmolLM2.sampleText()
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<10 { _ = tokenizer.encode(text) }
        }
        // Debug builds are ~10× slower than release; this bound only catches quadratic behaviour.
        #expect(elapsed < .seconds(5), "10 encodes of the 2.5 KB sample took \(elapsed)")
    }
}
