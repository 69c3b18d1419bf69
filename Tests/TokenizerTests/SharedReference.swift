import Foundation
import Testing
import Tokenizer

/// Locates the shared reference data: `$NUCLEUS_SHARED`, then `<repo>/../shared`, then `/work/shared`.
enum SharedReference {
    static func directory(filePath: String = #filePath) throws -> URL {
        let repository = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var candidates: [URL] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["NUCLEUS_SHARED"] {
            candidates.append(URL(fileURLWithPath: fromEnvironment))
        }
        candidates.append(repository.deletingLastPathComponent().appendingPathComponent("shared"))
        candidates.append(URL(fileURLWithPath: "/work/shared"))
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw ReferenceMissing(searched: candidates.map(\.path))
        }
        return found
    }

    /// `reference/smollm2-135m/<name>` inside the shared directory.
    static func smolLM2(_ name: String) throws -> URL {
        try directory().appendingPathComponent("reference/smollm2-135m").appendingPathComponent(name)
    }

    struct ReferenceMissing: Error, CustomStringConvertible {
        var searched: [String]
        var description: String { "shared reference directory not found (searched \(searched.joined(separator: ", ")); set NUCLEUS_SHARED" }
    }
}

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
        try JSONDecoder().decode(TokenizerSampleIDs.self, from: Data(contentsOf: SharedReference.smolLM2("tokenizer_sample.ids.json")))
    }
}

/// Loaded once per test process: parsing the 3.5 MB tokenizer.json takes a moment.
enum SmolLM2 {
    static let digitSplitTokenizer: Result<Tokenizer, any Error> = Result {
        try Tokenizer(tokenizerJSON: SharedReference.smolLM2("tokenizer-smollm-digits/tokenizer.json"),
                      configJSON: fixture("smollm2_tokenizer_config.json"))
    }

    static func tokenizer() throws -> Tokenizer { try digitSplitTokenizer.get() }

    /// The sample text exactly as stored (CRLF kept).
    static func sampleText() throws -> String {
        let data = try Data(contentsOf: SharedReference.smolLM2("tokenizer_sample.txt"))
        return String(decoding: data, as: UTF8.self)
    }
}

/// A file in Tests/TokenizerTests/Fixtures.
func fixture(_ name: String, filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
}
