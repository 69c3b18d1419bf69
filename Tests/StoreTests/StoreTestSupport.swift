import Foundation
@testable import Store

/// A fresh folder under the system temporary directory, removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("nucleus-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Names in the folder, sorted, so tests can assert nothing was left behind.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum SampleRecords {
    static func header(unitID: String = "u-3f9a2c", attempt: Int = 1) -> UnitHeader {
        UnitHeader(
            complete: true, nucleusVersion: "0.1.0", jobName: "entropy-cosine", jobHash: "9c1e5f7a",
            unitID: unitID, attempt: attempt,
            model: ModelIdentity(name: "smollm2-135m", path: "/models/SmolLM2-135M/model.gguf",
                                 architecture: "llama", sha256: String(repeating: "ab", count: 32)),
            dataset: "gsm8k", technique: "cot", sample: 0, seed: 0xDEAD_BEEF_CAFE_F00D,
            generationJSON: #"{"temperature":0.7,"top_p":0.95,"max_tokens":256}"#,
            analysisJSON: #"{"top_p":0.9,"top_k":20}"#,
            host: "node017", rank: 3, started: "2025-03-01T10:00:00Z", finished: "2025-03-01T10:04:31Z")
    }

    /// Three prompts: a normal one, an empty prompt that generated nothing, and a non-ASCII one;
    /// K = 20; NaN in the cosine columns (one-token nuclei) and a -inf top-K logprob.
    static func realistic() -> UnitRecord {
        let prompts = [
            PromptRecord(row: 40, promptText: "Q: Natalia sold clips to 48 of her friends...", reference: "72",
                         completionText: "She sold 48 / 2 = 24 in May. #### 72", finishReason: "eos",
                         promptTokenCount: 57, generatedCount: 4),
            PromptRecord(row: 41, promptText: "", reference: "", completionText: "", finishReason: "length",
                         promptTokenCount: 0, generatedCount: 0),
            PromptRecord(row: 42, promptText: "Écris « bonjour » 🌍 — 日本語\ttab\nnewline", reference: "Grüße",
                         completionText: "こんにちは ✓", finishReason: "stop", promptTokenCount: 12, generatedCount: 3),
        ]
        let n = 7, k = 20
        var tokens = TokenColumns(topK: k)
        tokens.tokenID = (0..<n).map { Int32(1000 + 37 * $0) }
        tokens.logprob = (0..<n).map { -0.25 * Double($0) - 1e-12 }
        tokens.rank = (0..<n).map { Int32($0 % 3 + 1) }
        tokens.entropy = (0..<n).map { 0.1 + 0.37 * Double($0) }
        tokens.varentropy = (0..<n).map { Double($0) * 1.0 / 3.0 }
        tokens.nucleusSize = [1, 4, 12, 1, 7, 2, 30]
        tokens.nucleusMass = (0..<n).map { 0.9 + 0.01 * Double($0) }
        tokens.nucleusEntropy = (0..<n).map { 0.05 * Double($0) }
        tokens.nucleusCosine = [.nan, 0.125, 0.3, .nan, 0.2, 0.6, 0.05]
        tokens.nucleusCosineWeighted = [.nan, 0.11, 0.29, .nan, 0.21, 0.58, 0.049]
        tokens.topkIDs = (0..<(n * k)).map { Int32($0 * 7 % 49152) }
        tokens.topkLogprobs = (0..<(n * k)).map { $0 % k == k - 1 ? -.infinity : Float(-0.1 * Double($0 % k)) }
        return UnitRecord(header: header(), prompts: prompts, tokens: tokens)
    }

    static func zeroPrompts() -> UnitRecord {
        UnitRecord(header: header(unitID: "u-empty"), prompts: [], tokens: TokenColumns(topK: 20))
    }
}
