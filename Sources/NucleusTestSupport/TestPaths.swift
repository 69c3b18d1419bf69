import Foundation

/// Where tests find the real model and the shared reference folder. Tests that need them are
/// skipped (visibly, with a reason) when they are absent; `scripts/setup.sh` provides the model.
public enum TestPaths {
    /// The package root (this file is `Sources/NucleusTestSupport/TestPaths.swift`).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$NUCLEUS_MODEL`, else `<repo>/models/SmolLM2-135M-Instruct.Q4_1.gguf`.
    public static var smolLM2: String? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["NUCLEUS_MODEL"],
                                     repository.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// `$NUCLEUS_SHARED`, else `<repo>/../shared`.
    public static var shared: URL? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["NUCLEUS_SHARED"],
                                     repository.deletingLastPathComponent().appendingPathComponent("shared").path]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0 + "/reference/smollm2-135m") }
            .map { URL(fileURLWithPath: $0) }
    }

    /// The transformers reference outputs of SmolLM2-135M-Instruct.
    public static var reference: URL? { shared?.appendingPathComponent("reference/smollm2-135m") }

    /// `$NUCLEUS_VOCAB`, else `<repo>/models/vocab`: llama.cpp's tokenizer test vocabularies
    /// (`ggml-vocab-NAME.gguf` with `.inp`/`.out` cases) that `scripts/setup.sh` extracts; nil when absent.
    public static var vocabularies: URL? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["NUCLEUS_VOCAB"],
                                     repository.appendingPathComponent("models/vocab").path]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
            .map { URL(fileURLWithPath: $0) }
    }

    /// Both the model and the reference are present.
    public static var available: Bool { smolLM2 != nil && reference != nil }

    /// The `Fixtures` folder beside a test file: pass `#filePath`.
    public static func fixtures(besides file: String) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }
}
