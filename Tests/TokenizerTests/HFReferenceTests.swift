import Foundation
import NucleusTestSupport
import Testing
import Tokenizer

/// `tokenizers` ids (scripts/fixtures/tokenizer_references.py) for the llama.cpp test texts and the
/// SmolLM2 fixture tokenizer_sample.txt, on each vocabulary converted to tokenizer.json.
struct HFReferences: Decodable {
    struct Vocabulary: Decodable {
        var cases: [[Int32]]
        var sample: [Int32]
        /// Case indices where `tokenizers` and llama.cpp's .out differ; nil without .out (gpt-neox).
        var disagrees_with_llama_cpp: [Int]?
    }
    var versions: [String: String]
    var texts: [String]
    var vocabularies: [String: Vocabulary]

    static let loaded: Result<HFReferences, any Error> = Result {
        try JSONDecoder().decode(HFReferences.self, from: Data(contentsOf: fixture("tokenizer_references.json")))
    }

    /// Whether `$NUCLEUS_TOKENIZER_JSON` names the folder of converted tokenizer.json files.
    static var convertedFolderRequested: Bool { ProcessInfo.processInfo.environment["NUCLEUS_TOKENIZER_JSON"] != nil }

    /// `$NUCLEUS_TOKENIZER_JSON/<name>`, written by scripts/fixtures/tokenizer_references.py
    /// (by default into ~/.cache/nucleus/tokenizer-json; several MB each, not committed).
    static func convertedFolder(_ name: String) throws -> URL {
        let root = ProcessInfo.processInfo.environment["NUCLEUS_TOKENIZER_JSON"] ?? ""
        let folder = URL(fileURLWithPath: root).appendingPathComponent(name)
        _ = try TestPaths.existing(folder.appendingPathComponent("tokenizer.json").path,
                                   providedBy: "scripts/fixtures/tokenizer_references.py")
        return folder
    }
}

/// Where llama.cpp and `tokenizers` disagree on these texts (with tokenizers 0.23.3 and
/// transformers 5.23.0's GGUF conversion):
/// - llama-spm: every text that starts with a space or is only whitespace (15 of 46). llama.cpp
///   always puts "▁" before the text (" Hello" → "▁▁Hello" → [29871, 15043]); transformers writes a
///   Metaspace pre-tokenizer with `prepend_scheme: first`, which adds no "▁" when the text already
///   starts with one ([15043]). GGUF loading follows llama.cpp, tokenizer.json loading follows HF.
/// - phi-3 agrees: transformers builds it with Prepend + Replace normalizers, as llama.cpp does.
/// - llama-bpe agrees once `ignore_merges` is set, as Llama-3's own tokenizer.json has it;
///   transformers' GGUF conversion leaves it off, and then "Cửa Việt" encodes differently.
/// - deepseek-llm agrees with the DeepSeek-LLM pre-tokenizer; transformers' conversion knows no
///   `deepseek-llm` pre-tokenizer and would split with GPT-2's pattern.
/// - gpt-neox (no llama.cpp cases here): its user-defined tokens 50254–50276 are runs of 2 to 24
///   literal spaces. llama.cpp (and GGUF loading here) matches them in the text; transformers'
///   conversion drops them and `tokenizers` could not hold them anyway, so it writes such runs with
///   "Ġ" tokens ("  Hello": [50276, 12092] here, [209, 24387] there). The GGUF comparison skips texts
///   with two spaces in a row for gpt-neox.
/// - llama-bpe and deepseek-llm: transformers appends an `<|endoftext|>` token past the vocabulary;
///   the script removes it, so the converted files keep the GGUF's ids.
@Suite struct HFReferenceTests {
    static let spmDisagreements = [3, 4, 5, 12, 14, 15, 17, 18, 24, 25, 26, 27, 28, 29, 44]

    @Test func fixtureRecordsVersionsAndDisagreements() throws {
        let references = try HFReferences.loaded.get()
        #expect(references.versions["tokenizers"] == "0.23.3")
        #expect(references.texts.count == 46)
        #expect(Set(references.vocabularies.keys) == Set(LlamaCppVocabularies.all))
        for name in LlamaCppVocabularies.withCases {
            let expected = name == "llama-spm" ? Self.spmDisagreements : []
            #expect(references.vocabularies[name]?.disagrees_with_llama_cpp == expected, "\(name)")
        }
        for index in Self.spmDisagreements {
            let text = references.texts[index]
            #expect(text.first == " " || text.allSatisfy(\.isWhitespace), "case \(index): \(text.debugDescription)")
        }
    }

    /// The GGUF path against `tokenizers`: every case where `tokenizers` agrees with llama.cpp (and
    /// all of gpt-neox's), and the whole sample text.
    @Test(arguments: LlamaCppVocabularies.all)
    func ggufMatchesTokenizersLibrary(_ name: String) throws {
        let references = try HFReferences.loaded.get()
        let reference = try #require(references.vocabularies[name])
        let tokenizer = try LlamaCppVocabularies.tokenizer(name)
        let spaceRunsDiffer = name == "gpt-neox"
        let skipped = Set(reference.disagrees_with_llama_cpp ?? [])
        for (index, text) in references.texts.enumerated() where !skipped.contains(index) {
            if spaceRunsDiffer && text.contains("  ") { continue }
            #expect(tokenizer.encode(text, addSpecialTokens: false, parseSpecialTokens: false) == reference.cases[index],
                    "\(name) case \(index): \(text.debugDescription)")
        }
        let sample = try SmolLM2.sampleText()
        let ids = tokenizer.encode(sample, addSpecialTokens: false)
        if !spaceRunsDiffer { #expect(firstDifference(ids, reference.sample) == nil, "\(name) sample") }
        // Round trip without special parsing: in SentencePiece vocabularies a matched special token
        // (phi-3's `<|endoftext|>` here) is followed by a fresh "▁", which decodes as an extra space.
        let plain = tokenizer.encode(sample, addSpecialTokens: false, parseSpecialTokens: false)
        #expect(tokenizer.decodeBytes(plain) == Array(sample.utf8), "\(name) sample decode")
    }

    /// The tokenizer.json path on the converted files: every case and the sample exactly as
    /// `tokenizers` gives them, disagreements with llama.cpp included. Opt-in: the converted files
    /// (several MB each) are not committed; scripts/fixtures/tokenizer_references.py writes them.
    @Test(.enabled(if: HFReferences.convertedFolderRequested, "opt-in: set NUCLEUS_TOKENIZER_JSON to the folder tokenizer_references.py wrote"),
          arguments: LlamaCppVocabularies.all)
    func tokenizerJSONMatchesTokenizersLibrary(_ name: String) throws {
        let folder = try HFReferences.convertedFolder(name)
        let references = try HFReferences.loaded.get()
        let reference = try #require(references.vocabularies[name])
        let tokenizer = try Tokenizer(tokenizerJSON: folder.appendingPathComponent("tokenizer.json"),
                                      configJSON: folder.appendingPathComponent("tokenizer_config.json"))
        for (index, text) in references.texts.enumerated() {
            #expect(tokenizer.encode(text, addSpecialTokens: false) == reference.cases[index], "\(name) case \(index): \(text.debugDescription)")
        }
        let ids = tokenizer.encode(try SmolLM2.sampleText(), addSpecialTokens: false)
        #expect(firstDifference(ids, reference.sample) == nil, "\(name) sample")
    }
}

/// Where two id lists first differ, with a few ids of context, or nil when equal (keeps failure
/// messages short for thousand-id texts).
func firstDifference(_ ids: [Int32], _ expected: [Int32]) -> String? {
    guard ids != expected else { return nil }
    let index = zip(ids, expected).prefix { $0 == $1 }.count
    let context = max(0, index - 3)
    return "at \(index) of \(ids.count) (expected \(expected.count)): got \(Array(ids[context..<min(ids.count, index + 5)]))"
        + " expected \(Array(expected[context..<min(expected.count, index + 5)]))"
}
