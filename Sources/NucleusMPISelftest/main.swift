// nucleus-mpi-selftest: runs the coordinator/worker protocol over MPI with trivial work and
// prints a JSON summary from rank 0. Without mpirun it runs in-process (world of one rank).
import Foundation
import MPITransport
import Scheduling

/// Writes `value` as one JSON line straight to stdout (no buffer to lose if a rank dies).
func emitJSON<Value: Encodable>(_ value: Value) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
}

func processCPUSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

func runSelftest(_ options: SelftestOptions, on world: MPITransport, stopFlag: StopFlag) throws {
    let stopAfter = options.stopRank == world.rank ? options.stopAfter : nil
    let executor = trivialExecutor(rounds: options.workRounds, stopFlag: stopFlag, stopAfter: stopAfter)
    let cpuBefore = processCPUSeconds()
    let announced = StopFlag()
    // One line once the first unit is back, so a caller knows when signals reach a running run.
    let announceRunning: ProgressHandler = { event in
        guard case .unitFinished = event, !announced.isRaised else { return }
        announced.raise()
        FileHandle.standardOutput.write(Data("{\"event\":\"running\"}\n".utf8))
    }
    let summary = try runScheduled(on: world, assignments: trivialAssignments(count: options.units),
                                   executor: executor, stopFlag: stopFlag, progress: announceRunning)
    guard let summary else { return }
    let report = SelftestReport(summary: summary, worldSize: world.size, wait: options.wait.name, units: options.units,
                                workRounds: options.workRounds, cpuSeconds: processCPUSeconds() - cpuBefore)
    try emitJSON(report)
}

/// Sends to itself and reads it back, then provokes an MPI error: the transport alone, in a
/// singleton world.
func checkTransport(on world: MPITransport) throws {
    let payload: [UInt8] = Array("ping".utf8)
    try world.send(payload, to: world.rank, tag: MessageTag.assign.rawValue)
    let echoed = try world.receive()
    var badRankError = ""
    do {
        try world.send(payload, to: world.size + 5, tag: MessageTag.stop.rawValue)
    } catch {
        badRankError = "\(error)"
    }
    let result: [String: String] = [
        "rank": String(world.rank), "size": String(world.size), "host": world.host,
        "echoSource": String(echoed.source), "echoTag": String(echoed.tag),
        "echoPayload": String(decoding: echoed.payload, as: UTF8.self), "badRankError": badRankError,
    ]
    try emitJSON(result)
}

// SIGTERM/SIGUSR1 ask for a graceful stop; set up before MPI starts its threads.
let stopFlag = StopFlag()
let stopSignals = StopSignals(raising: stopFlag)
do {
    let options = try SelftestOptions(arguments: Array(CommandLine.arguments.dropFirst()))
    let world = try MPITransport.start(wait: options.wait)
    do {
        if options.checkTransport {
            try checkTransport(on: world)
        } else {
            try runSelftest(options, on: world, stopFlag: stopFlag)
        }
    } catch {
        FileHandle.standardError.write(Data("nucleus-mpi-selftest: rank \(world.rank) of \(world.size) on \(world.host): \(error)\n".utf8))
        exit(1)
    }
    try world.finish()
    withExtendedLifetime(stopSignals) {}
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
