import Foundation

/// Threads per rank: the cores Slurm gave this task, else this node's cores ÷ ranks on the node
/// (DESIGN §8: ranks × threads = cores).
public enum ThreadPlan {
    public static func threadsPerRank(environment: [String: String], cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        if let value = environment["NUCLEUS_THREADS"].flatMap(Int.init), value > 0 { return value }
        if let value = environment["SLURM_CPUS_PER_TASK"].flatMap(Int.init), value > 0 { return value }
        let ranksOnNode = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init)
            ?? environment["SLURM_NTASKS_PER_NODE"].flatMap(Int.init) ?? 1
        return max(1, cores / max(1, ranksOnNode))
    }
}
