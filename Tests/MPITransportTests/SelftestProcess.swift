import Foundation

/// Runs `nucleus-mpi-selftest` (directly, or under `mpirun`) and decodes what rank 0 printed.
enum SelftestProcess {
    /// `<repo>/.build/debug/nucleus-mpi-selftest`, found from this file's path.
    static let binary: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/nucleus-mpi-selftest")

    static let mpirun: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The self-test alone: a singleton MPI world.
    static func runAlone(_ arguments: [String]) throws -> Output {
        try run(binary, arguments)
    }

    /// The self-test under `mpirun -np ranks`; mpirun's own timeout guards against a hang.
    static func runUnderMPI(ranks: Int, _ arguments: [String]) throws -> Output {
        guard let mpirun else { throw Failure(description: "mpirun not found on PATH") }
        return try run(mpirun, ["-np", String(ranks), "--oversubscribe", "--timeout", "60",
                                "-x", "SWIFT_BACKTRACE=enable=no", binary.path] + arguments)
    }

    /// The JSON object of the output's last stdout line.
    static func json(_ output: Output) throws -> [String: Any] {
        guard output.status == 0 else {
            throw Failure(description: "exit \(output.status); stdout: \(output.stdout.suffix(1000)); "
                + "stderr: \(output.stderr.suffix(1000))")
        }
        guard let line = output.stdout.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw Failure(description: "no JSON line in stdout: \(output.stdout.suffix(2000))")
        }
        return object
    }

    /// Like `runUnderMPI`, but sends `signal` to mpirun as soon as rank 0 announces that units
    /// are coming back; mpirun forwards it to every rank.
    static func runUnderMPI(ranks: Int, _ arguments: [String], signalWhenRunning signal: Int32) throws -> Output {
        guard let mpirun else { throw Failure(description: "mpirun not found on PATH") }
        return try run(mpirun, ["-np", String(ranks), "--oversubscribe", "--timeout", "60",
                                "-x", "SWIFT_BACKTRACE=enable=no", binary.path] + arguments,
                       signalWhen: "{\"event\":\"running\"}", signal: signal)
    }

    private static func run(_ executable: URL, _ arguments: [String], signalWhen marker: String? = nil,
                            signal: Int32 = 0) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Failure(description: "\(binary.path) is missing: run `swift build` first")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try launchWithStopSignalsUnblocked(process)
        // Read stderr on another thread so neither pipe can fill up and block the child.
        let errorData = ErrorCollector(stderr.fileHandleForReading)
        var outputData = Data()
        if let marker {
            // Read until the marker line shows up (or the output ends), then signal.
            while !String(decoding: outputData, as: UTF8.self).contains(marker) {
                let chunk = stdout.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                outputData.append(chunk)
            }
            kill(process.processIdentifier, signal)
        }
        outputData.append(stdout.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                      stderr: String(decoding: errorData.wait(), as: UTF8.self))
    }
}

/// Starts `process` from a fresh thread that unblocks SIGTERM and SIGUSR1 first. The child
/// inherits the launching thread's signal mask, and the test runner's threads block those
/// signals: mpirun started from one would never see (or forward) them.
private func launchWithStopSignalsUnblocked(_ process: Process) throws {
    let launched = DispatchSemaphore(value: 0)
    let failure = LaunchFailure()
    Thread {
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
        do {
            try process.run()
        } catch {
            failure.error = error
        }
        launched.signal()
    }.start()
    launched.wait()
    if let error = failure.error { throw error }
}

private final class LaunchFailure: @unchecked Sendable {
    // Written by the launching thread before it signals; read after the wait.
    var error: (any Error)?
}

/// Reads a file handle to its end on a background thread.
private final class ErrorCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()  // written once by the reader thread before `done` is signalled

    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
