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

/// Hand-worked splits of the Llama-3, Qwen2 and DeepSeek-LLM patterns (each alternative of the
/// regex applied leftmost-first, as Oniguruma does).
@Suite struct NewPatternTests {
    private func split(_ pattern: SplitPattern, _ text: String) -> [String] {
        pieces(SplitPreTokenizer(pattern: .scanner(pattern), behavior: .isolated), text)
    }

    @Test func llama3() {
        #expect(split(.llama3, "Hello, y'all! HOW'RE you") == ["Hello", ",", " y", "'all", "!", " HOW", "'RE", " you"])
        #expect(split(.llama3, "12345 (x)\t\tab") == ["123", "45", " (", "x", ")", "\t", "\tab"])
        #expect(split(.llama3, "a \n\n  b   ") == ["a", " \n\n", " ", " b", "   "])
        #expect(split(.llama3, "x ...\n\ny") == ["x", " ...\n\n", "y"])
    }

    @Test func qwen2SplitsSingleDigits() {
        #expect(split(.qwen2, "ab 123") == ["ab", " ", "1", "2", "3"])
    }

    @Test func deepSeekLLMClasses() {
        #expect(split(.deepSeekLetters, "Hi  Ωμέγα 3x") == ["Hi", " ", " Ωμέγα", " 3", "x"])
        // `[!-/:-~]` spans the ASCII letters too (":" to "~").
        #expect(split(.deepSeekPunctuation, "a, b!!") == ["a,", " b!!"])
        #expect(split(.deepSeekPunctuation, "1+2 ＝3") == ["1", "+", "2", " ＝", "3"])
        #expect(split(.deepSeekCJK, "我想apple工作") == ["我想", "apple", "工作"])
        #expect(split(.trailingWhitespace, "a b  ") == ["a b", "  "])
        #expect(split(.lineBreak, "a\r\nb") == ["a", "\r", "\n", "b"])
    }

    @Test func regexSourcesAreRecognised() {
        #expect(SplitPattern(regex: #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#) == .llama3)
        #expect(SplitPattern(regex: #"\s+$"#) == .trailingWhitespace)
        #expect(SplitPattern(regex: "[\r\n]") == .lineBreak)
    }
}
