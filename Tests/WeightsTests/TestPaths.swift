import Foundation

/// Locations of fixtures, the shared reference folder and the real model, for tests.
enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// `$NUCLEUS_MODEL`, else `<repo>/models/SmolLM2-135M-Instruct.Q4_1.gguf` (made by scripts/setup.sh).
    static var smolLM2: String? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["NUCLEUS_MODEL"],
                          repository.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
