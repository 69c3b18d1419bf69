import Foundation
import NucleusTestSupport
import Testing
import Tokenizer
import Weights

/// llama.cpp's tokenizer test vocabularies in `models/vocab` (scripts/setup.sh) and their cases.
enum LlamaCppVocabularies {
    /// The vocabularies with `.inp`/`.out` cases in llama-cpp-python 0.3.36 (gpt-neox has none).
    static let withCases = ["llama-bpe", "llama-spm", "qwen2", "deepseek-llm", "gpt-2", "phi-3"]
    static let all = withCases + ["gpt-neox"]

    static func gguf(_ name: String) -> URL {
        TestPaths.vocabularies.appendingPathComponent("ggml-vocab-\(name).gguf")
    }

    /// Loaded once per vocabulary and test process: the large ones take seconds in debug builds.
    private static let cache = TokenizerCache()

    static func tokenizer(_ name: String) throws -> Tokenizer {
        let url = gguf(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(name: name) }
        return try cache.tokenizer(for: url.path) { try Tokenizer(gguf: GGUFTokenizerMetadata(file: GGUFFile(path: url.path))) }
    }

    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "models/vocab/ggml-vocab-\(name).gguf is absent (run scripts/setup.sh)" }
    }

    /// One test case: a text and the ids llama.cpp's test-tokenizer-0 expects (no BOS/EOS, special
    /// tokens not parsed).
    struct Case {
        var text: String
        var ids: [Int32]
    }

    /// The `.inp` texts (separated by "\n__ggml_vocab_test__\n", the last one followed by it too) and
    /// the `.out` lines (space-separated ids, one line per text).
    static func cases(_ name: String) throws -> [Case] {
        let url = gguf(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(name: name) }
        let input = String(decoding: try Data(contentsOf: URL(fileURLWithPath: url.path + ".inp")), as: UTF8.self)
        let output = String(decoding: try Data(contentsOf: URL(fileURLWithPath: url.path + ".out")), as: UTF8.self)
        var texts = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        if texts.last == "" { texts.removeLast() }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return zip(texts, lines).map { text, line in
            Case(text: text, ids: line.split(separator: " ").compactMap { Int32($0) })
        }
    }
}

/// Tokenizers built once per path and shared by the tests of one process.
final class TokenizerCache: @unchecked Sendable {
    private let lock = NSLock()
    private var built: [String: Result<Tokenizer, any Error>] = [:]

    func tokenizer(for key: String, build: () throws -> Tokenizer) throws -> Tokenizer {
        lock.lock()
        defer { lock.unlock() }
        if let result = built[key] { return try result.get() }
        let result = Result { try build() }
        built[key] = result
        return try result.get()
    }
}
