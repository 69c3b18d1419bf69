import Foundation
import Store

/// Reduces one results folder: checks that its unit files belong together (one job, one set of
/// settings per report row) and against the plan in `job.json`, keeps the newest attempt of each
/// prompt, correlates entropy with nucleus cosine per (model, dataset, technique), grades answers,
/// and replaces `report/` with the new report once it is complete.
public struct Reducer: Sendable {
    public var resultsFolder: URL
    public var loader: any UnitRecordLoader
    public var settings: ReduceSettings

    public init(resultsFolder: URL, loader: any UnitRecordLoader, settings: ReduceSettings = ReduceSettings()) {
        self.resultsFolder = resultsFolder
        self.loader = loader
        self.settings = settings
    }

    var stampFile: URL { ResultsLayout(root: resultsFolder).jobStampURL }

    /// Computes the summaries and writes the report into a fresh folder that replaces `report/`
    /// only when complete; on any error the old report is left as it was.
    public func run() throws -> ReduceOutcome {
        let groups = try summarizeGroups(split: settings.splitMismatched)
        let destination = resultsFolder.appendingPathComponent("report", isDirectory: true)
        return try ReportFolderSwap.replace(destination) { staging in
            try ReportWriter.writeOutcome(groups, into: staging, writePNG: settings.writePNG)
        }.relocated(to: destination)
    }

    /// Reads and merges the unit files and computes the correlations, writing nothing. Files that
    /// do not belong together stop it with `ReduceError.mixedJobs` or `.mixedSettings`.
    public func summarize() throws -> ReduceSummary {
        try summarizeGroups(split: false)[0]
    }

    /// One summary per group of files that belong together: exactly one unless `split` and the
    /// files disagree (see `UnitFileConsistency`). Never empty.
    public func summarizeGroups(split: Bool) throws -> [ReduceSummary] {
        let listing = try loader.listUnitFiles(resultsFolder: resultsFolder)
        guard !listing.unitFiles.isEmpty else { throw ReduceError.noUnitFiles(path: resultsFolder.path) }
        let stamp: JobStamp?
        do {
            stamp = try loader.readJobStamp(resultsFolder: resultsFolder)
        } catch {
            throw ReduceError.unreadablePlan(path: stampFile.path, reason: Self.reason(error, file: stampFile))
        }
        // First the root attributes of every file: whether they may be pooled is decided before
        // any token is merged. One damaged file must not cost the whole reduce: it is skipped,
        // named in the report and counted (and the exit status says the report is partial).
        var headered: [HeaderedFile] = []
        var unreadable = FileProblems()
        for file in listing.unitFiles {
            do {
                let header = try loader.readHeader(file)
                if header.complete {
                    headered.append(HeaderedFile(file: file, header: header))
                } else {
                    unreadable.incomplete.append(file)
                }
            } catch {
                unreadable.skipped.append(SkippedFile(file: file, reason: Self.reason(error, file: file)))
            }
        }
        var groups = [headered]
        if let mismatch = UnitFileConsistency.firstMismatch(headered, stamp: stamp, stampFile: stampFile) {
            guard split else { throw mismatch }
            groups = UnitFileConsistency.groups(headered)
            if groups.isEmpty { groups = [[]] }
        }
        let merged = groups.map { merge($0) }
        let read = Set(merged.flatMap { $0.merge.merged().map { PromptKey(unitID: $0.unitID, row: $0.row) } })
        let plan = PlanCheck.compare(stamp, stampFile: stampFile, read: read)
        return try merged.enumerated().map { index, group in
            var summary = try self.summary(of: group, problems: unreadable, listing: listing, stamp: stamp, plan: plan,
                                  label: merged.count > 1 ? "group-\(index + 1)" : nil)
            try RankingSummary.attach(group.ranking, to: &summary)
            return summary
        }
    }

    private struct FileProblems {
        var incomplete: [URL] = []
        var skipped: [SkippedFile] = []
    }

    private struct MergedGroup {
        var files: [HeaderedFile]
        var merge = AttemptMerge()
        var scoring = ScoringMerge()
        var ranking = RankingCollection()
        var problems = FileProblems()
        var read = 0
    }

    private func merge(_ files: [HeaderedFile]) -> MergedGroup {
        var group = MergedGroup(files: files)
        for file in files {
            do {
                let record = try loader.read(file.file)
                guard record.header.complete else {
                    group.problems.incomplete.append(file.file)
                    continue
                }
                try ScoringMerge.check(record, from: file.file)
                try group.merge.add(record, from: file.file)
                group.scoring.add(record)
                group.ranking.add(record)
                group.read += 1
            } catch {
                group.problems.skipped.append(SkippedFile(file: file.file, reason: Self.reason(error, file: file.file)))
            }
        }
        return group
    }

    private func summary(of group: MergedGroup, problems: FileProblems, listing: UnitFileListing, stamp: JobStamp?,
                         plan: PlanCheck, label: String?) throws -> ReduceSummary {
        let prompts = group.merge.merged()
        // Ranked prompts (task: rank) generate no tokens: their cells have no correlation to report.
        let cells = Dictionary(grouping: prompts, by: \.key).filter { !$0.value.allSatisfy { $0.prompt.finishReason == RankingSummary.finishReason } }
        let correlations = cells
            .map { CorrelationRow.compute(key: $0.key, prompts: $0.value, settings: settings) }
            .sorted { $0.key < $1.key }
        // A prompt that failed at run time (finish_reason "error") has no tokens and no answer:
        // it is counted, not graded.
        var graded = prompts.filter { !$0.prompt.failed }.map { GradedPrompt($0, replaced: group.merge.wasReplaced($0)) }
            .sorted { ($0.key, $0.row, $0.sample, $0.unitID) < ($1.key, $1.row, $1.sample, $1.unitID) }
        if let external = settings.externalGrades {
            for index in graded.indices where graded[index].ruleTextGrade != nil {
                let key = graded[index].key
                if let grade = try external.grade(model: key.model, dataset: key.dataset, technique: key.technique,
                                                  row: graded[index].row, sample: graded[index].sample) {
                    graded[index].applyExternalGrade(grade)
                }
            }
        }
        let simpleQA = Dictionary(grouping: graded, by: \.key)
            .compactMap { SimpleQARow.compute(key: $0.key, prompts: $0.value) }
            .sorted { $0.key < $1.key }
        let accuracy = Dictionary(grouping: graded, by: \.key)
            .compactMap { AccuracyRow.compute(key: $0.key, prompts: $0.value) }
            .sorted { $0.key < $1.key }
        let scoring = group.scoring.summarize()
        let sampling = SamplingStudy.compute(prompts, bootstrap: settings.bootstrap)
        let jobNames = Set(group.files.map(\.header.jobName))
        let jobHashes = Set(group.files.map(\.header.jobHash))
        var summary = ReduceSummary(
            jobName: jobNames.isEmpty ? (stamp?.jobName ?? resultsFolder.lastPathComponent) : jobNames.sorted().joined(separator: ", "),
            jobHash: jobHashes.isEmpty ? (stamp?.jobHash ?? "") : jobHashes.sorted().joined(separator: ", "),
            group: label,
            rowSettings: RowSettings.of(group.files),
            plan: plan,
            resultsFolder: resultsFolder,
            settings: settings,
            unitFilesRead: group.read,
            incompleteFiles: (problems.incomplete + group.problems.incomplete).sorted { $0.path < $1.path },
            skippedFiles: (problems.skipped + group.problems.skipped).sorted { $0.file.path < $1.file.path },
            ignoredFiles: listing.ignoredFiles,
            prompts: prompts.count,
            promptsReplaced: group.merge.promptsReplaced,
            correlations: correlations,
            accuracy: accuracy,
            simpleQA: simpleQA,
            gradedPrompts: graded,
            reportFiles: [],
            promptsFailed: prompts.count { $0.prompt.failed },
            scoring: scoring.rows, scoredDocuments: scoring.documents, sampling: sampling)
        summary.attention = AttentionGroups.compute(prompts: prompts, graded: graded)
        return summary
    }

    /// The problem without the path: the report names the file beside it.
    private static func reason(_ error: any Error, file: URL) -> String {
        switch error {
        case ReduceError.inconsistentRecord(_, let problem): "inconsistent record: \(problem)"
        case ReduceError.duplicateAttempt(let unit, let row, let attempt, let first, _):
            "unit \(unit) row \(row) attempt \(attempt) is also in \(first)"
        default:
            String(describing: error).replacingOccurrences(of: file.path + ": ", with: "")
        }
    }
}

/// A unit file the reduce could not use, and why.
public struct SkippedFile: Sendable, Equatable {
    public var file: URL
    public var reason: String
}

/// What `Reducer.run` did: the summaries (one per group in a split reduce) and the report files.
public struct ReduceOutcome: Sendable, Equatable {
    /// One summary, or one per group (`report/group-N/`) in a split reduce.
    public var groups: [ReduceSummary]
    public var reportFolder: URL
    /// Every file written under `report/`.
    public var reportFiles: [URL]

    /// The plan comparison (the same in every group).
    public var plan: PlanCheck { groups[0].plan }

    /// Why the report does not cover every planned prompt; empty when it does.
    public var partialReasons: [String] {
        ReduceSummary.partialReasons(plan: plan, skipped: Set(groups.flatMap { $0.skippedFiles.map(\.file) }),
                                     incomplete: Set(groups.flatMap(\.incompleteFiles)))
    }

    public var isPartial: Bool { !partialReasons.isEmpty }

    /// Paths of the staging folder replaced by the final `report/` folder.
    func relocated(to destination: URL) -> ReduceOutcome {
        let staging = reportFolder.standardizedFileURL.path
        func move(_ url: URL) -> URL {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(staging + "/") else { return url }
            return destination.appendingPathComponent(String(path.dropFirst(staging.count + 1)))
        }
        var outcome = self
        outcome.reportFolder = destination
        outcome.reportFiles = reportFiles.map(move)
        outcome.groups = groups.map { group in
            var group = group
            group.reportFiles = group.reportFiles.map(move)
            return group
        }
        return outcome
    }
}
