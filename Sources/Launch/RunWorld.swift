import Foundation
import MPITransport
import Scheduling

/// The ranks of one run and what carries the protocol between them: every rank of the MPI job
/// when mpirun or srun started this process, else this process alone, which then coordinates and
/// works in-process. `nucleus run` asks this one type; which transport runs is decided here only.
///
/// Under MPI, call every method from the thread that called `join` (MPI is initialised
/// `MPI_THREAD_FUNNELED`).
public final class RunWorld {
    /// This process's rank, 0..<size; rank 0 coordinates.
    public let rank: Int
    /// Processes of the run.
    public let size: Int
    /// Host name of this rank, for logs.
    public let host: String
    private let mpi: MPITransport?

    private init(mpi: MPITransport?) {
        self.mpi = mpi
        rank = mpi?.rank ?? 0
        size = mpi?.size ?? 1
        host = mpi?.host ?? ProcessInfo.processInfo.hostName
    }

    /// Joins the world this process was started in: MPI when `launchedByMPI`, else alone (MPI is
    /// not initialised at all). Install signal handlers (`StopSignals`) before: MPI_Init starts
    /// threads, which must inherit the blocked signal mask.
    public static func join(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RunWorld {
        RunWorld(mpi: launchedByMPI(environment) ? try MPITransport.start() : nil)
    }

    /// mpirun sets `OMPI_COMM_WORLD_SIZE`; `srun --mpi=pmix` sets `PMIX_RANK`.
    public static func launchedByMPI(_ environment: [String: String]) -> Bool {
        environment["OMPI_COMM_WORLD_SIZE"] != nil || environment["PMIX_RANK"] != nil
    }

    /// Runs the coordinator/worker protocol. Rank 0 hands out `assignments` and returns the
    /// summary; every other rank works (its `assignments` are ignored) and returns nil. A world of
    /// one process runs coordinator and worker in this process.
    public func run(assignments: [UnitAssignment], executor: any UnitExecutor, stopFlag: StopFlag,
                    progress: ProgressHandler? = nil) throws -> RunSummary? {
        if let mpi {
            return try runScheduled(on: mpi, assignments: assignments, executor: executor, stopFlag: stopFlag,
                                    progress: progress)
        }
        return try runInProcess(assignments: assignments, executor: executor, stopFlag: stopFlag, progress: progress)
    }

    /// Ends this rank's part (MPI_Finalize); later calls do nothing. Every rank must call it
    /// before exiting.
    public func finish() throws {
        try mpi?.finish()
    }

    /// Ends every rank of the run with `code`: for an error before or during the protocol, where
    /// `finish` would wait for ranks that wait for this one.
    public func abort(code: Int32) -> Never {
        mpi?.abort(code: code)
        exit(code)
    }
}
