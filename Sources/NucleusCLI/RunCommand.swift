import ArgumentParser
import Foundation
import Launch
import Runner
import Scheduling

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every work unit of a job file and write one HDF5 file per unit.",
        discussion: """
            Safe to re-run: units with a complete file are skipped, leftover temporary files are \
            discarded. A results folder made by a different job (changed job file) is refused unless \
            --force. Under `mpirun -np N` (or `srun --mpi=pmix`), rank 0 coordinates and the other \
            ranks work; alone, one process does both.
            """)

    @Argument(help: ArgumentHelp("Job file (YAML); see jobs/README.md.", valueName: "job"))
    var job: String

    @Option(name: .long, help: ArgumentHelp("Results folder, instead of the job file's `output`.", valueName: "path"))
    var output: String?

    @Option(name: .long, parsing: .unconditional, help: "Compute threads of this process (default: cores ÷ ranks on this node).")
    var threads: Int?

    @Flag(name: .long, help: "Run even if the results folder holds results of a different job.")
    var force = false

    @Option(name: .long, help: ArgumentHelp(
        "Run only the prompts listed in this CSV again (header: model,dataset,technique,row), each as attempt K+1 of its unit beside the older files.",
        valueName: "csv"))
    var rerun: String?

    @Option(name: .long, parsing: .unconditional, help: "Seconds between progress lines of rank 0 (0: only when a unit finishes).")
    var progressInterval: Double = 10

    @Flag(name: .long, help: "Check the job file, datasets, techniques and every prompt's length against each model's context (tokenizer and metadata only) and print the grid; load no weights, write nothing.")
    var dryRun = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if progressInterval < 0 { throw ValidationError("--progress-interval must not be negative") }
    }

    func run() throws {
        if dryRun {
            let prepared = try JobRun(jobFile: job, output: output)
            print(try prepared.gridDescription(limits: try prepared.checkPromptLimits()))
            return
        }
        // Signals first: MPI_Init starts threads, which must inherit the blocked signal mask.
        let stopFlag = StopFlag()
        let environment = ProcessInfo.processInfo.environment
        let inProgress = UnitInProgress()
        let signals = StopSignals(raising: stopFlag) { signal, count in
            Self.stopRequested(by: signal, count: count, inProgress: inProgress, environment: environment)
        }
        defer { withExtendedLifetime(signals) {} }
        let world = try RunWorld.join()
        let log = LineLog(prefix: world.rank == 0 ? "" : "[rank \(world.rank) on \(world.host)] ")
        guard world.size > 1 else {
            defer { try? world.finish() }
            return try runRank(world: world, stopFlag: stopFlag, inProgress: inProgress, log: log)
        }
        do {
            try runRank(world: world, stopFlag: stopFlag, inProgress: inProgress, log: log)
        } catch let exit as ExitCode {
            // After the protocol ended: every rank reached this point, so finalising cannot hang.
            try? world.finish()
            throw exit
        } catch {
            // Before or during the protocol other ranks may wait for this one forever: end them all.
            log.write("Error: \(CommandFailure.readable(error))")
            world.abort(code: 1)
        }
        try? world.finish()
    }

    /// What a stop signal does: the first (any of SIGINT, SIGTERM, SIGUSR1) lets the unit in
    /// progress finish and runs nothing more; a second SIGINT (Ctrl-C pressed again) journals the
    /// unit in progress as abandoned and exits at once. Either way the exit status is
    /// `RunExit.stoppedBySignal` when units are left, and `nucleus run` again resumes.
    @Sendable private static func stopRequested(by signal: Int32, count: Int, inProgress: UnitInProgress,
                                                environment: [String: String]) {
        let name = StopSignals.name(of: signal)
        let rank = environment["OMPI_COMM_WORLD_RANK"] ?? environment["PMIX_RANK"]
        let say: (String) -> Void = { line in
            FileHandle.standardError.write(Data("\(rank.map { "[rank \($0)] " } ?? "")\(line)\n".utf8))
        }
        guard signal == SIGINT, count > 1 else {
            if count == 1 && (rank == nil || rank == "0") {
                say("received \(name): finishing the unit in progress, then stopping\(signal == SIGINT ? " (Ctrl-C again stops at once)" : "")")
            }
            return
        }
        let abandoned = inProgress.abandon(reason: "stopped by a second \(name)")
        say("received \(name) again: stopping now\(abandoned.map { "; unit \($0) abandoned, it runs again next time" } ?? "")")
        Foundation.exit(RunExit.stoppedBySignal)
    }

    private func runRank(world: RunWorld, stopFlag: StopFlag, inProgress: UnitInProgress, log: LineLog) throws {
        let prepared = try JobRun(jobFile: job, output: output)
        let threadCount = threads ?? ThreadPlan.threadsPerRank(environment: ProcessInfo.processInfo.environment)
        let executor = UnitRunner(job: prepared.job, prompts: prepared.prompts, jobHash: prepared.jobHash,
                                  layout: prepared.layout, threads: threadCount, rank: world.rank, host: world.host,
                                  inProgress: inProgress, log: log.write)
        if world.rank != 0 {
            log.write("worker on \(world.host), \(threadCount) threads")
            _ = try world.run(assignments: [], executor: executor, stopFlag: stopFlag)
            return
        }
        let assignments = try coordinatorAssignments(prepared, log: log)
        if world.size == 1 { log.write("\(threadCount) threads") }
        let progressLog = ProgressLog(interval: progressInterval > 0 ? progressInterval : nil,
                                      status: log.isTerminal ? log.status : nil, write: log.write)
        let summary = try world.run(assignments: assignments, executor: executor, stopFlag: stopFlag,
                                    progress: progressLog.handler)
        progressLog.stop()
        log.endStatus()
        guard let summary else { return }
        try report(summary, prepared: prepared, stopFlag: stopFlag, log: log)
    }

    /// Rank 0's setup: checks every prompt against the models' limits and the rerun list, claims the results folder, discards leftovers,
    /// and returns what to run. A bad rerun list fails before anything is written.
    private func coordinatorAssignments(_ prepared: JobRun, log: LineLog) throws -> [UnitAssignment] {
        try prepared.checkPromptLimits(unreadable: log.write)
        let scan = try prepared.layout.scan()
        let reruns = try rerun.map { try RerunList(path: $0).assignments(for: prepared, scan: scan) }
        try prepared.claimResultsFolder(force: force)
        let discarded = prepared.discardTemporaryFiles(scan)
        if discarded > 0 { log.write("discarded \(discarded) leftover temporary files") }
        if let reruns {
            let prompts = reruns.reduce(0) { $0 + ($1.onlyRows?.count ?? 0) }
            log.write("job \(prepared.job.name): rerunning \(prompts) prompts in \(reruns.count) units; results in \(prepared.layout.root.path)")
            return reruns
        }
        let (pending, done) = prepared.pendingAssignments(scan)
        log.write("job \(prepared.job.name): \(prepared.plan.units.count) units, \(done) already complete, \(pending.count) to run; results in \(prepared.layout.root.path)")
        return pending
    }

    private func report(_ summary: RunSummary, prepared: JobRun, stopFlag: StopFlag, log: LineLog) throws {
        log.write(String(format: "finished: %d units done, %d failed, %d not run, %d tokens in %.1f s",
                         summary.completed.count, summary.failed.count, summary.notRun.count, summary.tokens, summary.wallSeconds))
        for failure in summary.failed { log.write("failed: \(failure)") }
        if stopFlag.isRaised && !summary.notRun.isEmpty {
            log.write("stopped by signal: \(summary.notRun.count) units left for the next run")
            throw ExitCode(RunExit.stoppedBySignal)
        }
        if !summary.failed.isEmpty { throw ExitCode(RunExit.unitsFailed) }
        log.write("next: nucleus reduce \(prepared.layout.root.path)")
    }
}

/// Exit codes a batch script can act on.
enum RunExit {
    static let unitsFailed: Int32 = 1
    /// Stopped early by SIGINT/SIGTERM/SIGUSR1; re-running resumes (slurm/run.sbatch requeues on it).
    static let stoppedBySignal: Int32 = 75
}

/// Log lines to stderr, flushed at once (a rank that dies must not lose them). On a terminal,
/// progress shows as one live line that log lines push up.
final class LineLog: Sendable {
    let prefix: String
    let isTerminal: Bool

    init(prefix: String) {
        self.prefix = prefix
        isTerminal = isatty(STDERR_FILENO) == 1
    }

    @Sendable func write(_ line: String) {
        FileHandle.standardError.write(Data("\(isTerminal ? "\r\u{1B}[K" : "")\(prefix)\(line)\n".utf8))
    }

    /// Replaces the live line (terminal only).
    @Sendable func status(_ line: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(prefix)\(line)".utf8))
    }

    /// Ends the live line so what follows starts on a fresh one.
    func endStatus() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
