/// How the ranks of the run are started inside the allocation.
public enum SlurmLauncher: String, Sendable, CaseIterable {
    /// `srun --mpi=pmix`: Slurm starts and places the ranks (Debian's OpenMPI speaks PMIx only).
    case srun
    /// `mpirun`: OpenMPI reads the allocation itself (no `-np`), for sites without PMIx in Slurm.
    case mpirun
}

/// Everything `nucleus submit` renders into the two batch scripts. Paths are absolute.
public struct SlurmRequest: Sendable, Equatable {
    /// The job's `name`; the Slurm job names are `nucleus-<name>` and `nucleus-<name>-reduce`.
    public var jobName: String
    public var jobFile: String
    /// The results folder; the scripts and their logs go to `<results>/slurm/`.
    public var results: String
    /// The `nucleus` executable the jobs run.
    public var nucleusBinary: String
    public var nodes: Int
    public var tasksPerNode: Int
    /// Cores per rank; each rank runs this many compute threads. `nil`: Slurm's default (1).
    public var cpusPerTask: Int?
    /// Slurm time limit (`minutes`, `HH:MM:SS`, `D-HH:MM`, …) of the run job.
    public var time: String?
    public var partition: String?
    public var launcher: SlurmLauncher
    /// Variables the job needs as they were at submission (e.g. `NUCLEUS_MODELS`), written into
    /// the run script so that resubmitting it by hand runs the same thing.
    public var environment: [String: String]

    public init(jobName: String, jobFile: String, results: String, nucleusBinary: String, nodes: Int,
                tasksPerNode: Int = 1, cpusPerTask: Int? = nil, time: String? = nil, partition: String? = nil,
                launcher: SlurmLauncher = .srun, environment: [String: String] = [:]) {
        self.jobName = jobName
        self.jobFile = jobFile
        self.results = results
        self.nucleusBinary = nucleusBinary
        self.nodes = nodes
        self.tasksPerNode = tasksPerNode
        self.cpusPerTask = cpusPerTask
        self.time = time
        self.partition = partition
        self.launcher = launcher
        self.environment = environment
    }

    /// Rejects values Slurm would refuse or that would break a script line (a newline in a
    /// partition name would end the `#SBATCH` line and start a shell command).
    public func validate() throws {
        if nodes < 1 { throw SlurmRequestError("--nodes must be at least 1 (got \(nodes))") }
        if tasksPerNode < 1 { throw SlurmRequestError("--ntasks-per-node must be at least 1 (got \(tasksPerNode))") }
        if let cpusPerTask, cpusPerTask < 1 { throw SlurmRequestError("--cpus-per-task must be at least 1 (got \(cpusPerTask))") }
        if let time {
            guard Self.isSlurmTime(time) else {
                throw SlurmRequestError("--time '\(time)': expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED")
            }
            // A limit inside the warning window would signal every (re)start at once: requeue forever.
            if let seconds = Self.seconds(slurmTime: time), seconds <= Self.shortestTimeLimit {
                throw SlurmRequestError("--time '\(time)' is too short: the run is warned \(SlurmScripts.warningSeconds) s (Slurm: up to 60 s more) before its limit; give more than \(Self.shortestTimeLimit / 60) minutes")
            }
        }
        if let partition, partition.isEmpty || !partition.allSatisfy(Self.isPartitionCharacter) {
            throw SlurmRequestError("--partition '\(partition)': expected names of letters, digits, '.', '_', '-', separated by ','")
        }
        for (name, value) in environment where value.contains(where: \.isNewline) {
            throw SlurmRequestError("\(name) contains a line break; it cannot be passed to a batch script")
        }
    }

    static func isSlurmTime(_ text: String) -> Bool {
        if ["UNLIMITED", "INFINITE"].contains(text.uppercased()) { return true }
        var rest = Substring(text)
        if let dash = rest.firstIndex(of: "-") {
            let days = rest[..<dash]
            guard !days.isEmpty, days.allSatisfy(\.isASCIIDigit) else { return false }
            rest = rest[rest.index(after: dash)...]
        }
        let fields = rest.split(separator: ":", omittingEmptySubsequences: false)
        return (1...3).contains(fields.count) && fields.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// Time limits at or below this leave no time to work between the warning and the limit.
    public static let shortestTimeLimit = 2 * SlurmScripts.warningSeconds

    /// Seconds of a Slurm time limit; `nil` for UNLIMITED. Assumes `isSlurmTime`.
    static func seconds(slurmTime text: String) -> Int? {
        if ["UNLIMITED", "INFINITE"].contains(text.uppercased()) { return nil }
        var days = 0
        var clock = Substring(text)
        if let dash = clock.firstIndex(of: "-") {
            days = Int(clock[..<dash]) ?? 0
            clock = clock[clock.index(after: dash)...]
        }
        let fields = clock.split(separator: ":").map { Int($0) ?? 0 }
        guard (1...3).contains(fields.count) else { return nil }
        let (hours, minutes, seconds): (Int, Int, Int)
        switch (days > 0 || text.contains("-"), fields.count) {
        case (false, 1): (hours, minutes, seconds) = (0, fields[0], 0)
        case (false, 2): (hours, minutes, seconds) = (0, fields[0], fields[1])
        case (true, 1): (hours, minutes, seconds) = (fields[0], 0, 0)
        case (true, 2): (hours, minutes, seconds) = (fields[0], fields[1], 0)
        default: (hours, minutes, seconds) = (fields[0], fields[1], fields[2])
        }
        return ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    }

    static func isPartitionCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._-,".contains(character))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// A submission request Slurm would refuse or a batch script could not carry. One line, naming the option.
public struct SlurmRequestError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
