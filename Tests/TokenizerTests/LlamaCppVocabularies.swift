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

    static func gguf(_ name: String) -> URL? {
        TestPaths.vocabularies?.appendingPathComponent("ggml-vocab-\(name).gguf")
    }

    static func isPresent(_ name: String) -> Bool {
        gguf(name).map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    }

    /// Loaded once per vocabulary and test process: the large ones take seconds in debug builds.
    private static let cache = TokenizerCache()

    static func tokenizer(_ name: String) throws -> Tokenizer {
        guard let url = gguf(name) else { throw Missing(name: name) }
        return try cache.tokenizer(for: url.path) { try Tokenizer(gguf: metadata(GGUFFile(path: url.path))) }
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
        guard let url = gguf(name) else { throw Missing(name: name) }
        let input = String(decoding: try Data(contentsOf: URL(fileURLWithPath: url.path + ".inp")), as: UTF8.self)
        let output = String(decoding: try Data(contentsOf: URL(fileURLWithPath: url.path + ".out")), as: UTF8.self)
        var texts = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        if texts.last == "" { texts.removeLast() }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return zip(texts, lines).map { text, line in
            Case(text: text, ids: line.split(separator: " ").compactMap { Int32($0) })
        }
    }

    /// The GGUF tokenizer keys as `GGUFTokenizerMetadata` (what `nucleus tokenize` reads too).
    static func metadata(_ file: GGUFFile) throws -> GGUFTokenizerMetadata {
        let value = { (key: String) in file.metadata[key] }
        let id = { (key: String) in value(key)?.intValue.map(Int32.init) }
        return GGUFTokenizerMetadata(
            model: try file.string("tokenizer.ggml.model"),
            pre: value("tokenizer.ggml.pre")?.stringValue,
            tokens: try file.strings("tokenizer.ggml.tokens"),
            tokenTypes: value("tokenizer.ggml.token_type") == nil ? [] : try file.ints("tokenizer.ggml.token_type").map(Int32.init),
            merges: value("tokenizer.ggml.merges") == nil ? [] : try file.strings("tokenizer.ggml.merges"),
            scores: value("tokenizer.ggml.scores")?.arrayValue?.compactMap { $0.doubleValue.map(Float.init) } ?? [],
            bosID: id("tokenizer.ggml.bos_token_id"), eosID: id("tokenizer.ggml.eos_token_id"),
            unkID: id("tokenizer.ggml.unknown_token_id"), padID: id("tokenizer.ggml.padding_token_id"),
            addBOS: value("tokenizer.ggml.add_bos_token")?.boolValue,
            addEOS: value("tokenizer.ggml.add_eos_token")?.boolValue ?? false,
            addSpacePrefix: value("tokenizer.ggml.add_space_prefix")?.boolValue,
            chatTemplate: value("tokenizer.chat_template")?.stringValue,
            modelName: value("general.name")?.stringValue)
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
