import Foundation

/// Locations of the shared reference folder and the real model, for tests.
enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$NUCLEUS_SHARED`, else `<repo>/../shared`, else /work/shared.
    static var shared: URL? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["NUCLEUS_SHARED"],
                                     repository.deletingLastPathComponent().appendingPathComponent("shared").path,
                                     "/work/shared"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0 + "/reference/smollm2-135m") }
            .map { URL(fileURLWithPath: $0) }
    }

    /// `$NUCLEUS_MODEL`, else `<repo>/models/SmolLM2-135M-Instruct.Q4_1.gguf`, else /work/models/….
    static var smolLM2: String? {
        let name = "SmolLM2-135M-Instruct.Q4_1.gguf"
        let candidates: [String?] = [ProcessInfo.processInfo.environment["NUCLEUS_MODEL"],
                                     repository.appendingPathComponent("models/\(name)").path,
                                     "/work/models/\(name)"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
