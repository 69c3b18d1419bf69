import Foundation

/// Runs an external program found on PATH, for interoperability tests.
enum ExternalTool {
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs `arguments` through `/usr/bin/env` (so PATH is searched) with stdout and stderr merged.
    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func succeeds(_ arguments: [String]) -> Bool {
        (try? run(arguments))?.status == 0
    }

    /// The Python that scripts/setup.sh gives h5py and numpy: `<repo>/.venv/bin/python`, else `python3`.
    static let python: String = {
        let venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }()

    static let hasH5py = succeeds([python, "-c", "import h5py, numpy"])
    static let hasH5dump = succeeds(["h5dump", "--version"])
}
