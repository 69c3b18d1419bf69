import Foundation
import NucleusTestSupport
import Testing
import Tokenizer

/// `tokenizer_sample.ids.json`, the fields the tests use.
struct TokenizerSampleIDs: Decodable {
    struct Encoding: Decodable {
        var ids: [Int32]
        var tokens: [String]
    }
    struct Line: Decodable {
        var line: String
        var hf_gguf: [Int32]
        var digit_split: [Int32]
    }
    var hf_gguf: Encoding
    var digit_split: Encoding
    var per_line: [Line]

    static func load() throws -> TokenizerSampleIDs {
        try JSONDecoder().decode(TokenizerSampleIDs.self, from: Data(contentsOf: TestPaths.referenceFile("tokenizer_sample.ids.json")))
    }
}

/// Loaded once per test process: parsing the 3.5 MB tokenizer.json takes a moment.
enum SmolLM2 {
    static let digitSplitTokenizer: Result<Tokenizer, any Error> = Result {
        try Tokenizer(tokenizerJSON: TestPaths.referenceFile("tokenizer-smollm-digits/tokenizer.json"),
                      configJSON: fixture("smollm2_tokenizer_config.json"))
    }

    static func tokenizer() throws -> Tokenizer { try digitSplitTokenizer.get() }

    /// The sample text exactly as stored (CRLF kept).
    static func sampleText() throws -> String {
        let data = try Data(contentsOf: TestPaths.referenceFile("tokenizer_sample.txt"))
        return String(decoding: data, as: UTF8.self)
    }
}

/// A file in Tests/TokenizerTests/Fixtures.
func fixture(_ name: String, filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
}
