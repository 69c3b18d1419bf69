import Foundation

enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var smolLM2: String? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["NUCLEUS_MODEL"],
                                     repository.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// `$NUCLEUS_SHARED`, else `<repo>/../shared`.
    static var shared: URL? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["NUCLEUS_SHARED"],
                                     repository.deletingLastPathComponent().appendingPathComponent("shared").path]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    static var reference: URL? { shared?.appendingPathComponent("reference/smollm2-135m") }
    static var available: Bool { smolLM2 != nil && reference != nil }
}
