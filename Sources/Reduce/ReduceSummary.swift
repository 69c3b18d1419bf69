import Foundation

/// What a reduce read, merged, excluded and computed; the CLI prints it, the report renders it.
public struct ReduceSummary: Sendable, Equatable {
    /// `job_name` of the unit files (distinct names joined by ", "); the folder name if none.
    public var jobName: String
    /// `job_hash` of the unit files reduced (one, unless the files disagree; then distinct hashes joined by ", ").
    public var jobHash: String
    /// In a split reduce (`--split-mismatched`), which group this is, e.g. "group-2"; nil otherwise.
    public var group: String?
    /// The generation and analysis settings of each report row, as its unit files recorded them.
    public var rowSettings: [RowSettings]
    /// The whole folder's units compared with `job.json` (the same in every group of a split reduce).
    public var plan: PlanCheck
    public var resultsFolder: URL
    public var settings: ReduceSettings
    /// Complete unit-attempt files read.
    public var unitFilesRead: Int
    /// Files whose `complete` attribute is false (an interrupted write): skipped.
    public var incompleteFiles: [URL]
    /// Unreadable (corrupt, truncated), inconsistent or duplicate files: skipped and reported.
    public var skippedFiles: [SkippedFile]
    /// Files under units/ not named `<unit>.attempt-K.h5`: not read.
    public var ignoredFiles: [URL]
    /// Prompts after merging attempts (one per unit id and dataset row).
    public var prompts: Int
    /// Prompts whose newest attempt replaced at least one older attempt.
    public var promptsReplaced: Int
    /// One row per (model, dataset, technique), sorted.
    public var correlations: [CorrelationRow]
    /// GSM8K-style accuracy, one row per (model, dataset, technique) with numeric references.
    public var accuracy: [AccuracyRow]
    /// SimpleQA grades, one row per (model, dataset, technique) of a `simpleqa` dataset.
    public var simpleQA: [SimpleQARow] = []
    /// Every merged prompt, graded where its reference has a numeric answer; sorted by cell and row.
    public var gradedPrompts: [GradedPrompt]
    /// Files written into `report/` (empty until written).
    public var reportFiles: [URL]
    /// Why a PNG copy was not made (no `rsvg-convert`, or it failed); empty when all were.
    public var figureNotes: [String] = []
    /// Prompts that failed at run time (finish reason "error": no tokens, not graded).
    public var promptsFailed = 0
    /// One row per cell of a `task: score` dataset, sorted; empty when none.
    public var scoring: [ScoringRow] = []
    /// Every scored document (`scoring_documents.csv`).
    public var scoredDocuments: [ScoredDocumentRow] = []
    /// Candidate rankings of `task: rank` units; nil when no unit file has one.
    public var ranking: RankingSummary?
    /// Diversity, determinism and self-consistency of repeated samples; nil with one sample per prompt.
    public var sampling: SamplingStudy?
    /// Attention statistics by group (label, GSM8K grade, SimpleQA grade); empty without attention columns.
    public var attention = AttentionGroupsStudy()

    public var tokens: Int { correlations.reduce(0) { $0 + $1.tokens } }
    public var tokensUsed: Int { correlations.reduce(0) { $0 + $1.used } }
    public var excludedNaNCosine: Int { correlations.reduce(0) { $0 + $1.excludedNaNCosine } }
    public var excludedNonFinite: Int { correlations.reduce(0) { $0 + $1.excludedNonFinite } }
    public var excludedByFilter: Int { correlations.reduce(0) { $0 + $1.excludedByFilter.dropped } }
    /// Why the report does not cover every planned prompt; empty when it does (exit status 0).
    public var partialReasons: [String] {
        Self.partialReasons(plan: plan, skipped: Set(skippedFiles.map(\.file)), incomplete: Set(incompleteFiles))
    }

    /// The reasons of a reduce (or of all groups of a split one, each file counted once).
    static func partialReasons(plan: PlanCheck, skipped: Set<URL>, incomplete: Set<URL>) -> [String] {
        var reasons: [String] = []
        if let unavailable = plan.unavailable { reasons.append(unavailable) }
        if !plan.missingUnits.isEmpty {
            reasons.append("\(plan.missingUnits.count) of \(plan.plannedUnits) planned units not read in full")
        }
        if !skipped.isEmpty { reasons.append("\(skipped.count) unusable unit files skipped") }
        if !incomplete.isEmpty { reasons.append("\(incomplete.count) incomplete unit files skipped") }
        return reasons
    }

    public var isPartial: Bool { !partialReasons.isEmpty }

    /// Prompts still without an extractable answer: what `buggy_prompts_to_rerun.csv` lists.
    public var buggyPrompts: [GradedPrompt] { gradedPrompts.filter(\.isBuggy) }
}
