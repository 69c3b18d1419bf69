import Foundation

/// A temporary folder for dataset files written by a test.
struct TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The folder holding shared data: `$NUCLEUS_SHARED`, else `<repo>/../shared`, else `/work/shared`.
enum SharedData {
    static let folder: URL? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            ProcessInfo.processInfo.environment["NUCLEUS_SHARED"].map { URL(fileURLWithPath: $0) },
            repo.deletingLastPathComponent().appendingPathComponent("shared"),
            URL(fileURLWithPath: "/work/shared"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("data").path) }
    }()

    static func file(_ relativePath: String) -> String? {
        guard let path = folder?.appendingPathComponent(relativePath).path,
              FileManager.default.fileExists(atPath: path) else { return nil }
        return path
    }
}

/// `<repo>/jobs`.
let jobsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../jobs").standardizedFileURL
