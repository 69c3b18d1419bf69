import ArgumentParser
import Foundation
import NucleusCore
import Runner
import Slurm

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a job to Slurm: the run across nodes, then a reducer that waits for it.",
        discussion: """
            Checks the job file, writes RESULTS/slurm/run.sbatch and reduce.sbatch, submits the run \
            with `sbatch --parsable`, then the reducer with `--dependency=afterok:RUN`, and prints both \
            job ids. Each node runs --ntasks-per-node ranks of --cpus-per-task threads each. The run is \
            warned 120 s before its time limit, stops after the current units and requeues itself \
            (same job id); the reducer starts once every unit is done. `--dry-run` prints the scripts \
            and the sbatch commands and submits nothing.
            """)

    @Argument(help: ArgumentHelp("Job file (YAML); see jobs/README.md.", valueName: "job"))
    var job: String

    @Option(name: .long, parsing: .unconditional, help: "Nodes of the run job.")
    var nodes: Int

    @Option(name: .customLong("ntasks-per-node"), parsing: .unconditional, help: "MPI ranks per node (rank 0 coordinates, the others work).")
    var tasksPerNode = 1

    @Option(name: .customLong("cpus-per-task"), parsing: .unconditional, help: "Cores, and so compute threads, per rank (default: Slurm's, 1).")
    var cpusPerTask: Int?

    @Option(name: .long, help: ArgumentHelp("Time limit of the run job (e.g. 90, 4:00:00, 1-12:00).", valueName: "limit"))
    var time: String?

    @Option(name: .long, help: "Slurm partition of both jobs.")
    var partition: String?

    @Option(name: .long, help: ArgumentHelp("Results folder, instead of the job file's `output`.", valueName: "path"))
    var output: String?

    @Option(name: .long, help: "How the ranks start: srun (srun --mpi=pmix) or mpirun.")
    var launcher: SlurmLauncher = .srun

    @Flag(name: .long, help: "Submit even if the results folder holds results of a different job.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Print the scripts and sbatch commands; write and submit nothing.")
    var dryRun = false

    func run() throws {
        // Loading checks the whole job (keys, datasets, model files) here rather than on the nodes.
        let prepared = try JobRun(jobFile: job, output: output)
        try prepared.checkPromptLimits()
        let environment = ProcessInfo.processInfo.environment
        let request = SlurmRequest(
            jobName: prepared.job.name,
            jobFile: URL(fileURLWithPath: job).standardizedFileURL.path,
            results: prepared.layout.root.standardizedFileURL.path,
            nucleusBinary: try Self.runningExecutable(),
            nodes: nodes, tasksPerNode: tasksPerNode, cpusPerTask: cpusPerTask, time: time, partition: partition,
            launcher: launcher,
            environment: environment.filter { Self.forwardedVariables.contains($0.key) })
        try request.validate()
        let scripts = SlurmScripts(request)

        if dryRun {
            print("# \(scripts.runScriptPath)\n\(scripts.runScript)")
            print("# \(scripts.reduceScriptPath)\n\(scripts.reduceScript)")
            print("# submission")
            print(Self.commandLine(scripts.runSubmission))
            print(Self.commandLine(scripts.reduceSubmission(after: "<run-job-id>")))
            return
        }

        let sbatch = try Self.sbatchExecutable(path: environment["PATH"] ?? "")
        try prepared.claimResultsFolder(force: force)
        do {
            try FileManager.default.createDirectory(atPath: scripts.folder, withIntermediateDirectories: true)
        } catch {
            throw SubmitError("\(scripts.folder): cannot create the folder: \(SystemErrorText.reason(error))")
        }
        try Self.writeScript(scripts.runScript, to: scripts.runScriptPath)
        try Self.writeScript(scripts.reduceScript, to: scripts.reduceScriptPath)

        let runID = try Self.submit(sbatch, scripts.runSubmission)
        let reduceID = try Self.submit(sbatch, scripts.reduceSubmission(after: runID))
        print("run job \(runID): \(prepared.plan.units.count) units on \(nodes) node(s) × \(tasksPerNode) rank(s); log \(scripts.folder)/run-\(runID).log")
        print("reduce job \(reduceID): after run job \(runID) succeeds; report in \(prepared.layout.root.path)/report")
    }

    /// Variables read when the job file is loaded again on the nodes (model folder of `${NUCLEUS_MODELS}`).
    static let forwardedVariables: Set<String> = ["NUCLEUS_MODELS"]

    /// The absolute path of this `nucleus`, which the batch scripts run on the nodes.
    static func runningExecutable() throws -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path).standardizedFileURL.path }
        throw SubmitError("cannot tell where the running nucleus executable is (no /proc/self/exe)")
    }

    static func sbatchExecutable(path: String) throws -> String {
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/sbatch"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw SubmitError("sbatch not found on PATH: nucleus submit needs Slurm's client commands (run it on a login node, or install slurm-client); --dry-run prints the scripts without it")
    }

    static func writeScript(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw SubmitError("\(path): cannot write the batch script: \(SystemErrorText.reason(error))")
        }
    }

    /// Runs `sbatch ARGS` and returns the job id it printed.
    static func submit(_ sbatch: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sbatch)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let id = SlurmScripts.jobID(parsableOutput: printed) else {
            let reason = complaint.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
            throw SubmitError("\(commandLine(arguments)) failed (exit \(process.terminationStatus)): \(reason.isEmpty ? printed : reason)")
        }
        return id
    }

    static func commandLine(_ arguments: [String]) -> String {
        (["sbatch"] + arguments).map(SlurmQuoting.shell).joined(separator: " ")
    }
}

extension SlurmLauncher: ExpressibleByArgument {}

/// A submission that cannot go ahead. One line.
struct SubmitError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
