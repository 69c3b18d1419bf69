import Foundation

/// Where tests find the real model, the reference outputs and the datasets. Everything is in the
/// repository except the model files, which `scripts/setup.sh` (run by `scripts/test.sh`) puts in
/// `models/`. Nothing here is optional: a test that needs a missing file fails and names it.
public enum TestPaths {
    /// The package root (this file is `Sources/NucleusTestSupport/TestPaths.swift`).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$NUCLEUS_MODEL`, else `<repo>/models/SmolLM2-135M-Instruct.Q4_1.gguf` (from `scripts/setup.sh`).
    public static var smolLM2: String {
        ProcessInfo.processInfo.environment["NUCLEUS_MODEL"]
            ?? repository.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path
    }

    /// `smolLM2` when the file is there, else an error that says how to get it.
    public static func requireSmolLM2() throws -> String {
        try existing(smolLM2, providedBy: "scripts/setup.sh")
    }

    /// The Hugging Face reference outputs of SmolLM2-135M-Instruct (`Tests/Fixtures/smollm2-135m`,
    /// its README says how they were made).
    public static let reference = repository.appendingPathComponent("Tests/Fixtures/smollm2-135m")

    /// `reference/<name>`; fails when the file is missing from the checkout.
    public static func referenceFile(_ name: String) throws -> URL {
        URL(fileURLWithPath: try existing(reference.appendingPathComponent(name).path, providedBy: "the repository"))
    }

    /// The datasets of the repository (`<repo>/data`, see data/PROVENANCE.md).
    public static let data = repository.appendingPathComponent("data")

    /// `data/<relativePath>`; fails when the file is missing from the checkout.
    public static func dataFile(_ relativePath: String) throws -> String {
        try existing(data.appendingPathComponent(relativePath).path, providedBy: "the repository")
    }

    /// `$NUCLEUS_VOCAB`, else `<repo>/models/vocab`: llama.cpp's tokenizer test vocabularies
    /// (`ggml-vocab-NAME.gguf` with `.inp`/`.out` cases) that `scripts/setup.sh` extracts.
    public static var vocabularies: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["NUCLEUS_VOCAB"]
            ?? repository.appendingPathComponent("models/vocab").path)
    }

    /// The `Fixtures` folder beside a test file: pass `#filePath`.
    public static func fixtures(besides file: String) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// `path` when a file or folder is there.
    public static func existing(_ path: String, providedBy source: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path, source: source) }
        return path
    }

    /// A file a test needs is not there.
    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var source: String
        public var description: String { "\(path) is missing (it comes from \(source))" }
    }
}
