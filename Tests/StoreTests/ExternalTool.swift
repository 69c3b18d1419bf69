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

    static let hasH5py = succeeds(["python3", "-c", "import h5py, numpy"])
    static let hasH5dump = succeeds(["h5dump", "--version"])
}
