import Foundation
import Testing
@testable import Tokenizer

private func pieces(_ preTokenizer: any PreTokenizer, _ text: String) -> [String] {
    var output: [TextPiece] = []
    preTokenizer.split(TextPiece(text.unicodeScalars), into: &output)
    return output.map { String(String.UnicodeScalarView($0)) }
}

@Suite struct PreTokenizerTests {
    struct SplitCase: Decodable, CustomTestStringConvertible {
        var text: String
        var pieces: [String]
        var testDescription: String { text.debugDescription }
    }

    static let gpt2Cases: [SplitCase] = (try? JSONDecoder().decode(
        [SplitCase].self, from: Data(contentsOf: fixture("gpt2_split_cases.json")))) ?? []

    @Test func gpt2FixtureIsPresent() {
        #expect(Self.gpt2Cases.count == 400)
    }

    /// Python `regex` splits (scripts/fixtures/make_gpt2_split_cases.py) of random tricky strings.
    @Test(arguments: gpt2Cases)
    func gpt2ScannerMatchesRegexModule(_ splitCase: SplitCase) {
        #expect(pieces(ByteLevelPreTokenizer(addPrefixSpace: false), splitCase.text) == splitCase.pieces)
    }

    @Test func gpt2HandCases() {
        let byteLevel = ByteLevelPreTokenizer(addPrefixSpace: false)
        #expect(pieces(byteLevel, "Hello world") == ["Hello", " world"])
        #expect(pieces(byteLevel, "a  b") == ["a", " ", " b"])
        #expect(pieces(byteLevel, "I'm CAN'T") == ["I", "'m", " CAN", "'", "T"])
        #expect(pieces(byteLevel, "x   42") == ["x", "  ", " 42"])
        #expect(pieces(byteLevel, "end  ") == ["end", "  "])
        #expect(pieces(byteLevel, "\n\nb") == ["\n", "\n", "b"])
        #expect(pieces(ByteLevelPreTokenizer(addPrefixSpace: true), "Hi") == [" Hi"])
        #expect(pieces(ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: false), "a b") == ["a b"])
    }

    @Test func digitsSplitEachNumberCharacter() {
        #expect(pieces(DigitsPreTokenizer(individualDigits: true), "a12 ½x") == ["a", "1", "2", " ", "½", "x"])
        #expect(pieces(DigitsPreTokenizer(individualDigits: false), "a12 ½x") == ["a", "12", " ", "½", "x"])
    }

    /// SmolLM pre-tokenization: digits first, so "a  1" keeps its two spaces together.
    @Test func sequenceAppliesStepsInOrder() {
        let smolLM = SequencePreTokenizer([DigitsPreTokenizer(individualDigits: true), ByteLevelPreTokenizer(addPrefixSpace: false)])
        #expect(pieces(smolLM, "a  1") == ["a", "  ", "1"])
        #expect(pieces(ByteLevelPreTokenizer(addPrefixSpace: false), "a  1") == ["a", " ", " 1"])
        #expect(pieces(smolLM, "x 123") == ["x", " ", "1", "2", "3"])
    }

    /// The example of HF tokenizers' SplitDelimiterBehavior documentation.
    @Test func splitBehaviors() {
        let text = "the-final--countdown"
        func split(_ behavior: SplitPreTokenizer.Behavior, invert: Bool = false) -> [String] {
            pieces(SplitPreTokenizer(pattern: .string("-"), behavior: behavior, invert: invert), text)
        }
        #expect(split(.removed) == ["the", "final", "countdown"])
        #expect(split(.isolated) == ["the", "-", "final", "-", "-", "countdown"])
        #expect(split(.mergedWithPrevious) == ["the-", "final-", "-", "countdown"])
        #expect(split(.mergedWithNext) == ["the", "-final", "-", "-countdown"])
        #expect(split(.contiguous) == ["the", "-", "final", "--", "countdown"])
        #expect(split(.removed, invert: true) == ["-", "-", "-"])
    }

    @Test func splitPatternRecognisesRegexSources() {
        #expect(SplitPattern(regex: #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#) == .gpt2)
        #expect(SplitPattern(regex: #"\p{N}"#) == .eachNumber)
        #expect(SplitPattern(regex: #"[A-Z]+"#) == nil)
    }
}
