import Foundation
import Testing
import Tokenizer

/// llama.cpp's test-tokenizer-0 cases for its test vocabularies, loaded from GGUF: every `.inp`
/// text must encode to exactly the `.out` ids (no BOS/EOS, special tokens not parsed), and decode
/// back to the same bytes. models/vocab comes from scripts/setup.sh.
@Suite struct LlamaCppCaseTests {
    @Test(arguments: LlamaCppVocabularies.withCases)
    func casesMatchLlamaCpp(_ name: String) throws {
        let tokenizer = try LlamaCppVocabularies.tokenizer(name)
        let cases = try LlamaCppVocabularies.cases(name)
        #expect(cases.count == 46)
        for (index, testCase) in cases.enumerated() {
            let ids = tokenizer.encode(testCase.text, addSpecialTokens: false, parseSpecialTokens: false)
            #expect(ids == testCase.ids, "\(name) case \(index): \(testCase.text.debugDescription)")
            #expect(tokenizer.decode(ids) == testCase.text, "\(name) case \(index) decode")
        }
    }
}

@Suite struct VocabularyEncodingSpeedTests {
    /// The 2.5 KB sample encodes in well under a second per vocabulary, SentencePiece included
    /// (whole segments go through one merge heap), even in debug builds.
    @Test(arguments: LlamaCppVocabularies.all)
    func sampleEncodesQuickly(_ name: String) throws {
        let tokenizer = try LlamaCppVocabularies.tokenizer(name)
        let text = try SmolLM2.sampleText()
        let elapsed = ContinuousClock().measure { _ = tokenizer.encode(text) }
        #expect(elapsed < .seconds(1), "\(name): \(elapsed)")
    }
}
