import Foundation

/// Threads per rank (DESIGN §8: ranks × threads = cores), in order of precedence:
/// `NUCLEUS_THREADS`; Slurm's `SLURM_CPUS_PER_TASK`; the cores this process is bound to, when
/// mpirun bound it to fewer than the node has; else the node's cores ÷ the working ranks on it.
/// Rank 0 only coordinates and sleeps while it waits, so it is not counted among the working
/// ranks of its node: `mpirun -np 3` on 2 cores gives each of the 2 workers 1 thread.
public enum ThreadPlan {
    public static func threadsPerRank(environment: [String: String], cores: CoreCount = .current) -> Int {
        if let value = environment["NUCLEUS_THREADS"].flatMap(Int.init), value > 0 { return value }
        if let value = environment["SLURM_CPUS_PER_TASK"].flatMap(Int.init), value > 0 { return value }
        if cores.bound < cores.online { return max(1, cores.bound) }
        return max(1, cores.bound / workingRanksOnNode(environment: environment))
    }

    /// Ranks on this node that run units: all of them, less the coordinator (world rank 0) when
    /// it is here. With mpirun's default by-slot mapping, a node holds rank 0 exactly when its
    /// first local rank is world rank 0.
    static func workingRanksOnNode(environment: [String: String]) -> Int {
        func number(_ name: String) -> Int? { environment[name].flatMap(Int.init) }
        let ranksOnNode = number("OMPI_COMM_WORLD_LOCAL_SIZE") ?? number("SLURM_NTASKS_PER_NODE") ?? 1
        let worldSize = number("OMPI_COMM_WORLD_SIZE") ?? number("SLURM_NTASKS") ?? 1
        let worldRank = number("OMPI_COMM_WORLD_RANK") ?? number("SLURM_PROCID") ?? 0
        let localRank = number("OMPI_COMM_WORLD_LOCAL_RANK") ?? number("SLURM_LOCALID") ?? 0
        let holdsCoordinator = worldSize > 1 && ranksOnNode > 1 && worldRank - localRank == 0
        return max(1, ranksOnNode - (holdsCoordinator ? 1 : 0))
    }

    /// Cores of the node, and of them those this process may run on.
    public struct CoreCount: Sendable, Equatable {
        public var online: Int
        public var bound: Int

        public init(online: Int, bound: Int) {
            self.online = online
            self.bound = bound
        }

        /// This process: online cores from sysconf; its affinity mask from `Cpus_allowed` in
        /// /proc/self/status (Glibc's module does not export sched_getaffinity).
        public static var current: CoreCount {
            let online = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let bound = allowedCount(status: status) else { return CoreCount(online: online, bound: online) }
            return CoreCount(online: online, bound: max(1, min(bound, online)))
        }

        /// Bits set in the `Cpus_allowed:` hex mask (comma-separated 32-bit words).
        static func allowedCount(status: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
            let digits = line.dropFirst("Cpus_allowed:".count).filter { $0 != "," && !$0.isWhitespace }
            var count = 0
            for digit in digits {
                guard let value = digit.hexDigitValue else { return nil }
                count += value.nonzeroBitCount
            }
            return count
        }
    }
}
