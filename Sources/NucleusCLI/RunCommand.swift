import ArgumentParser
import Foundation
import MPITransport
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

    @Option(name: .long, help: "Compute threads of this process (default: cores ÷ ranks on this node).")
    var threads: Int?

    @Flag(name: .long, help: "Run even if the results folder holds results of a different job.")
    var force = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let stopFlag = StopFlag()
        let signals = StopSignals(raising: stopFlag)
        defer { withExtendedLifetime(signals) {} }
        let environment = ProcessInfo.processInfo.environment
        let underMPI = environment["OMPI_COMM_WORLD_SIZE"] != nil || environment["PMIX_RANK"] != nil
        let transport: MPITransport? = underMPI ? try MPITransport.start() : nil
        defer { try? transport?.finish() }
        let rank = transport?.rank ?? 0

        let prepared = try JobRun(jobFile: job, output: output)
        let log = LineLog(prefix: rank == 0 ? "" : "[rank \(rank)] ")
        if rank == 0 {
            try prepared.claimResultsFolder(force: force)
        }
        let (pending, done, discarded) = try prepared.pendingAssignments(removeTemporaryFiles: rank == 0)
        let threadCount = threads ?? ThreadPlan.threadsPerRank(environment: environment)
        if rank == 0 {
            log.write("job \(prepared.job.name): \(prepared.plan.units.count) units, \(done) already complete, \(pending.count) to run; results in \(prepared.layout.root.path)")
            if discarded > 0 { log.write("discarded \(discarded) leftover temporary files") }
        }
        let executor = UnitRunner(job: prepared.job, prompts: prepared.prompts, jobHash: prepared.jobHash,
                                  layout: prepared.layout, threads: threadCount, rank: rank,
                                  host: transport?.host ?? ProcessInfo.processInfo.hostName, log: log.write)
        let progress = ProgressLog(write: log.write).handler
        let summary: RunSummary?
        if let transport {
            summary = try runScheduled(on: transport, assignments: pending, executor: executor, stopFlag: stopFlag, progress: progress)
        } else {
            summary = try runInProcess(assignments: pending, executor: executor, stopFlag: stopFlag, progress: progress)
        }
        guard let summary else { return }
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
    /// Stopped early by SIGTERM/SIGUSR1; re-running resumes (slurm/run.sbatch requeues on it).
    static let stoppedBySignal: Int32 = 75
}

/// Log lines to stderr, flushed at once (a rank that dies must not lose them).
final class LineLog: Sendable {
    let prefix: String
    init(prefix: String) { self.prefix = prefix }

    @Sendable func write(_ line: String) {
        FileHandle.standardError.write(Data("\(prefix)\(line)\n".utf8))
    }
}
