import NucleusCore

/// The batch scripts of a Slurm run: `run.sbatch` (the MPI job, requeued when stopped by a signal)
/// and `reduce.sbatch` (one task, after the run succeeded). Pure text; `nucleus submit` writes and submits them.
public struct SlurmScripts: Sendable, Equatable {
    public let request: SlurmRequest

    public init(_ request: SlurmRequest) { self.request = request }

    /// Seconds before the time limit at which Slurm warns the batch shell with USR1: enough for every
    /// rank to finish a unit of a few hundred sequences and for the requeue.
    public static let warningSeconds = 120

    public var folder: String { request.results + "/slurm" }
    public var runScriptPath: String { folder + "/run.sbatch" }
    public var reduceScriptPath: String { folder + "/reduce.sbatch" }

    /// `run.sbatch` with this request's resources and parameters written in.
    public var runScript: String {
        var directives = ["--job-name=\(SlurmQuoting.directive("nucleus-\(request.jobName)"))",
                          "--nodes=\(request.nodes)",
                          "--ntasks-per-node=\(request.tasksPerNode)"]
        if let cpus = request.cpusPerTask { directives.append("--cpus-per-task=\(cpus)") }
        if let time = request.time { directives.append("--time=\(time)") }
        if let partition = request.partition { directives.append("--partition=\(partition)") }
        directives += ["--output=\(logPattern("run"))"] + Self.runBehaviour
        var parameters = [("NUCLEUS_JOB", request.jobFile), ("NUCLEUS_OUTPUT", request.results),
                          ("NUCLEUS_BIN", request.nucleusBinary), ("NUCLEUS_LAUNCHER", request.launcher.rawValue),
                          ("NUCLEUS_SCRIPT", runScriptPath)]
        parameters += request.environment.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return Self.script(
            comment: ["Nucleus run of job '\(request.jobName)', rendered by `nucleus submit` (nucleus \(NucleusVersion.current)).",
                      "Submitting this file again (sbatch \(runScriptPath)) resumes the run."],
            directives: directives, parameters: parameters, body: SlurmScriptBodies.run)
    }

    /// `reduce.sbatch`: one task on one node, same partition as the run.
    public var reduceScript: String {
        var directives = ["--job-name=\(SlurmQuoting.directive("nucleus-\(request.jobName)-reduce"))",
                          "--nodes=1", "--ntasks=1"]
        if let partition = request.partition { directives.append("--partition=\(partition)") }
        directives.append("--output=\(logPattern("reduce"))")
        return Self.script(
            comment: ["Nucleus reduce of job '\(request.jobName)', rendered by `nucleus submit` (nucleus \(NucleusVersion.current))."],
            directives: directives,
            parameters: [("NUCLEUS_OUTPUT", request.results), ("NUCLEUS_BIN", request.nucleusBinary)],
            body: SlurmScriptBodies.reduce)
    }

    /// Arguments of the `sbatch` that submits the run; it prints the job id (`--parsable`).
    public var runSubmission: [String] { ["--parsable", runScriptPath] }

    /// Arguments of the `sbatch` that submits the reducer once `runJobID` has completed with exit 0.
    /// `afterok` rather than `afterany`: a requeued run keeps its id and state PENDING, so the reducer
    /// keeps waiting through requeues either way; but a run that ends with failed units should not
    /// produce a report that silently lacks them. `--kill-on-invalid-dep` then cancels the reducer
    /// instead of leaving it pending forever (reduce by hand after fixing and re-running).
    public func reduceSubmission(after runJobID: String) -> [String] {
        ["--parsable", "--dependency=afterok:\(runJobID)", "--kill-on-invalid-dep=yes", reduceScriptPath]
    }

    /// `sbatch` prints `ID` or `ID;CLUSTER` with `--parsable`; `nil` when it printed something else.
    public static func jobID(parsableOutput: String) -> String? {
        let first = parsableOutput.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let id = first.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return !id.isEmpty && id.allSatisfy(\.isASCIIDigit) ? id : nil
    }

    /// The generic `slurm/run.sbatch`: parameters from the environment, resources from the sbatch command line.
    public static var genericRunScript: String {
        script(comment: ["Nucleus run on a Slurm allocation: srun --mpi=pmix (or mpirun) of `nucleus run`; requeued",
                         "when stopped by a signal with units left. `nucleus submit` renders a filled-in copy; by hand:",
                         "  sbatch --nodes 2 --ntasks-per-node 4 --cpus-per-task 8 --time 4:00:00 \\",
                         "    --export=ALL,NUCLEUS_JOB=$PWD/jobs/smoke.yaml,NUCLEUS_OUTPUT=$PWD/results/smoke slurm/run.sbatch",
                         "Environment: NUCLEUS_JOB, NUCLEUS_OUTPUT (required); NUCLEUS_BIN (default: nucleus on PATH);",
                         "NUCLEUS_LAUNCHER=srun|mpirun (srun); NUCLEUS_ON_STOP=requeue|resubmit|none (requeue);",
                         "NUCLEUS_THREADS (default: SLURM_CPUS_PER_TASK, else 1). Generated from Sources/Slurm/SlurmScriptBodies.swift."],
               directives: ["--job-name=nucleus", "--output=nucleus-run-%j.log"] + runBehaviour,
               parameters: [], body: SlurmScriptBodies.run)
    }

    /// The generic `slurm/reduce.sbatch`.
    public static var genericReduceScript: String {
        script(comment: ["Nucleus reduce of a results folder, one task. By hand:",
                         "  sbatch --dependency=afterok:RUN_JOB_ID --export=ALL,NUCLEUS_OUTPUT=$PWD/results/smoke slurm/reduce.sbatch",
                         "Environment: NUCLEUS_OUTPUT (required); NUCLEUS_BIN (default: nucleus on PATH).",
                         "Generated from Sources/Slurm/SlurmScriptBodies.swift."],
               directives: ["--job-name=nucleus-reduce", "--nodes=1", "--ntasks=1", "--output=nucleus-reduce-%j.log"],
               parameters: [], body: SlurmScriptBodies.reduce)
    }

    /// Directives every run script carries: the warning signal to the batch shell, requeue allowed,
    /// and the log appended to (not truncated) when the job starts again after a requeue.
    static let runBehaviour = ["--signal=B:USR1@\(warningSeconds)", "--requeue", "--open-mode=append"]

    func logPattern(_ kind: String) -> String {
        SlurmQuoting.directive(SlurmQuoting.filenamePattern(folder) + "/\(kind)-%j.log")
    }

    static func script(comment: [String], directives: [String], parameters: [(String, String)], body: String) -> String {
        var lines = ["#!/bin/bash"] + comment.map { "# " + $0 } + directives.map { "#SBATCH " + $0 }
        if !parameters.isEmpty {
            lines += ["", "# Parameters rendered at submission."]
            lines += parameters.map { "export \($0.0)=\(SlurmQuoting.shell($0.1))" }
        }
        return lines.joined(separator: "\n") + "\n\n" + body
    }
}
