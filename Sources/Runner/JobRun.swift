import Foundation
import NucleusCore
import Prompts
import Scheduling
import Store

/// A job prepared to run: spec, prompts, plan and results folder, with what is already done.
public struct JobRun {
    public let job: JobSpec
    public let prompts: JobPrompts
    public let plan: JobPlan
    public let jobHash: String
    public let layout: ResultsLayout

    /// Loads and checks a job file. `output` overrides the job's results folder.
    public init(jobFile: String, output: String? = nil) throws {
        var job = try JobSpec.load(path: jobFile)
        if let output { job.output = URL(fileURLWithPath: output).standardizedFileURL.path }
        try Self.checkOutputFolder(job.output, named: output != nil ? "--output" : "\(jobFile): output")
        try Self.rejectUnsupported(job)
        self.job = job
        prompts = try JobPrompts(job: job)
        jobHash = try prompts.jobHash()
        plan = try prompts.plan()
        layout = ResultsLayout(root: URL(fileURLWithPath: job.output))
    }

    /// The results folder may be missing (it is created) but must not be a file.
    static func checkOutputFolder(_ path: String, named option: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            throw RunnerError("\(option): \(path) is a file; the results folder must be a folder (it is created when missing)")
        }
    }

    /// Settings the job format knows but this version does not implement yet: refuse rather than ignore.
    static func rejectUnsupported(_ job: JobSpec) throws {
        let file = job.source?.path ?? job.name
        // Stored distributions follow /tokens rows of generated text; scoring and ranking keep other tables.
        if job.analysis.storeDistribution != nil,
           let other = job.datasets.first(where: { $0.task != .generate || $0.ranking != nil }) {
            throw RunnerError("\(file): analysis.store_distribution is supported for task: generate only; dataset '\(other.name)' has task: \(other.ranking != nil ? DatasetTask.rank.rawValue : other.task.rawValue) (use analysis.average_distribution for scoring, or a separate job)")
        }
    }

    /// The results folder belongs to one job: its hash is stamped on first use, and a different job
    /// is refused unless `force` (its units would mix with ours).
    public func claimResultsFolder(force: Bool) throws {
        try layout.createDirectories()
        // A stamp that cannot be read is overwritten like a missing one: the run re-creates it.
        if let existing = try? layout.readJobStamp(), existing.jobHash != jobHash, !force {
            throw RunnerError("\(layout.root.path): holds results of a different job (\(existing.jobName), hash \(existing.jobHash.prefix(12))); the job file changed since. Use --force to run anyway, or another --output")
        }
        try layout.writeJobStamp(JobStamp(jobName: job.name, plan: plan,
                                          datasetRows: prompts.datasets.mapValues { $0.rows.map(\.index) },
                                          nucleusVersion: NucleusVersion.current))
        if let source = job.source?.path {
            let copy = layout.root.appendingPathComponent("job.yaml")
            try? FileManager.default.removeItem(at: copy)
            try? FileManager.default.copyItem(atPath: source, toPath: copy.path)
        }
    }

    /// Deletes the `*.tmp-*` leftovers of writers that died; call only when no writer runs.
    /// Returns how many were deleted.
    public func discardTemporaryFiles(_ scan: ResultsScan) -> Int {
        scan.temporaryFiles.filter { (try? FileManager.default.removeItem(at: $0)) != nil }.count
    }

    /// Units with no complete first-attempt file, and how many are done.
    public func pendingAssignments(_ scan: ResultsScan) -> (pending: [UnitAssignment], done: Int) {
        let done = Set(scan.complete.filter { $0.name.attempt == 1 }.map(\.name.unitID))
        let pending = plan.units.filter { !done.contains($0.id) }.map { UnitAssignment(unit: $0, attempt: 1) }
        return (pending, plan.units.count - pending.count)
    }
}
