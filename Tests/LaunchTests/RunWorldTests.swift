import Foundation
import NucleusCore
import Scheduling
import Testing
@testable import Launch

/// The choice of transport: MPI only when mpirun or srun started the process; alone, the whole
/// protocol runs in this process. (Under mpirun: Tests/integration/test_mpi.py.)
struct RunWorldTests {
    @Test func launchersAreRecognisedByTheirEnvironment() {
        #expect(!RunWorld.launchedByMPI([:]))
        #expect(!RunWorld.launchedByMPI(["SLURM_JOB_ID": "7", "OMPI_COMM_WORLD_RANKS": "x"]))
        #expect(RunWorld.launchedByMPI(["OMPI_COMM_WORLD_SIZE": "4"]))
        #expect(RunWorld.launchedByMPI(["PMIX_RANK": "0"]))
    }

    @Test func aloneOneProcessCoordinatesAndWorks() throws {
        let world = try RunWorld.join(environment: [:])
        #expect(world.rank == 0 && world.size == 1)
        let assignments = (0..<3).map { index in
            UnitAssignment(unit: WorkUnit(id: "unit-\(index)", cell: CellKey(model: "m", dataset: "d", technique: "t"),
                                          rows: index..<(index + 1)))
        }
        let executor = ClosureExecutor { assignment in
            UnitReport(unitID: assignment.unit.id, attempt: assignment.attempt, file: "\(assignment.unit.id).h5",
                       tokens: 5, seconds: 0)
        }
        let summary = try #require(try world.run(assignments: assignments, executor: executor, stopFlag: StopFlag()))
        #expect(summary.completed.count == 3 && summary.failed.isEmpty && summary.notRun.isEmpty)
        #expect(summary.tokens == 15)
        try world.finish()
    }
}
