import Testing
@testable import Runner

/// Default compute threads per rank.
struct ThreadPlanTests {
    static let twoFreeCores = ThreadPlan.CoreCount(online: 2, bound: 2)

    static func mpi(size: Int, rank: Int, localSize: Int? = nil, localRank: Int? = nil) -> [String: String] {
        ["OMPI_COMM_WORLD_SIZE": "\(size)", "OMPI_COMM_WORLD_RANK": "\(rank)",
         "OMPI_COMM_WORLD_LOCAL_SIZE": "\(localSize ?? size)", "OMPI_COMM_WORLD_LOCAL_RANK": "\(localRank ?? rank)"]
    }

    @Test func explicitSettingsWin() {
        #expect(ThreadPlan.threadsPerRank(environment: ["NUCLEUS_THREADS": "3", "SLURM_CPUS_PER_TASK": "8"], cores: Self.twoFreeCores) == 3)
        #expect(ThreadPlan.threadsPerRank(environment: ["SLURM_CPUS_PER_TASK": "8"], cores: Self.twoFreeCores) == 8)
    }

    @Test func aloneEveryCore() {
        #expect(ThreadPlan.threadsPerRank(environment: [:], cores: Self.twoFreeCores) == 2)
    }

    @Test func theCoordinatorDoesNotCountAsAWorker() {
        // mpirun -np 3 on 2 cores: 2 workers × 1 thread; -np 2 --bind-to none: 1 worker × 2 threads.
        #expect(ThreadPlan.threadsPerRank(environment: Self.mpi(size: 3, rank: 1), cores: Self.twoFreeCores) == 1)
        #expect(ThreadPlan.threadsPerRank(environment: Self.mpi(size: 2, rank: 1), cores: Self.twoFreeCores) == 2)
        // A second node without the coordinator: 2 workers share 8 cores.
        let secondNode = Self.mpi(size: 5, rank: 3, localSize: 2, localRank: 0)
        #expect(ThreadPlan.threadsPerRank(environment: secondNode, cores: .init(online: 8, bound: 8)) == 4)
    }

    @Test func aBoundRankUsesItsCores() {
        #expect(ThreadPlan.threadsPerRank(environment: Self.mpi(size: 2, rank: 1), cores: .init(online: 2, bound: 1)) == 1)
        #expect(ThreadPlan.threadsPerRank(environment: Self.mpi(size: 4, rank: 1), cores: .init(online: 16, bound: 4)) == 4)
    }
}

struct CoreCountTests {
    @Test func allowedMaskBitsAreCounted() {
        let status = "Name:\tnucleus\nCpus_allowed:\t00000000,00000005\nCpus_allowed_list:\t0,2\n"
        #expect(ThreadPlan.CoreCount.allowedCount(status: status) == 2)
        #expect(ThreadPlan.CoreCount.allowedCount(status: "Name:\tx\n") == nil)
    }
}
