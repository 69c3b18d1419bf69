import Foundation
import NucleusCore
import Prompts

extension JobRun {
    /// What `nucleus run --dry-run` prints: the grid a job expands to and how much of it is done.
    /// `limits`: what `checkPromptLimits` found, one line per model.
    public func gridDescription(limits: [PromptLimitSummary] = []) throws -> String {
        let scan = try layout.scan()
        let (pending, done) = pendingAssignments(scan)
        let rows = prompts.rowCounts
        var lines = ["job \(job.name) (hash \(jobHash.prefix(12))): results in \(layout.root.path)"]
        // Each model with its compute precision: a bf16 run gives different numbers from an f32 one.
        lines.append("models: " + job.models.map { "\($0.name) (\($0.path), compute \($0.compute.rawValue))" }.joined(separator: ", "))
        lines.append("datasets: " + job.datasets.map { dataset in
            let only = dataset.techniques.map { ", techniques " + $0.joined(separator: " ") } ?? ""
            return "\(dataset.name) (\(rows[dataset.name] ?? 0) rows\(Self.taskNote(dataset.task))\(only))"
        }.joined(separator: ", "))
        lines.append("techniques: " + job.techniques.map(\.name).joined(separator: ", "))
        if job.settingsGrid != nil { lines.append(try settingsDescription()) }
        let work = try workDescription()
        lines.append("\(plan.cells.count) cells, \(plan.units.count) units, \(work)")
        let generates = job.datasets.contains { $0.task == .generate }
        for limit in limits {
            lines.append("model \(limit.model): context \(limit.contextLength) tokens" + (generates
                ? ", max_new_tokens \(limit.maxNewTokens), longest of \(limit.prompts) prompts \(limit.longestPrompt) tokens"
                : " (nothing generated: no prompt lengths to check)"))
        }
        lines.append("\(done) units complete, \(pending.count) to run")
        return lines.joined(separator: "\n")
    }

    /// The work of the grid in each task's own terms: generated sequences, scored documents (each
    /// split into rolling windows at run time, once tokenised) and ranking passes (filled template ×
    /// candidate, each one teacher-forced scoring of the candidate's tokens).
    func workDescription() throws -> String {
        let tasks = Dictionary(job.datasets.map { ($0.name, $0.task) }, uniquingKeysWith: { first, _ in first })
        func rows(_ task: DatasetTask) -> [(dataset: String, rows: Int)] {
            plan.units.filter { tasks[$0.cell.dataset] == task }.map { ($0.cell.dataset, $0.rows.count) }
        }
        var parts: [String] = []
        let generated = rows(.generate).reduce(0) { $0 + $1.rows }
        if generated > 0 || tasks.values.allSatisfy({ $0 == .generate }) {
            let maxNewTokens = try job.settingsNames.map { try job.generationSettings(settings: $0).maxNewTokens }.max() ?? 0
            parts.append("\(generated) sequences of at most \(maxNewTokens) new tokens")
        }
        let documents = rows(.score).reduce(0) { $0 + $1.rows }
        if documents > 0 { parts.append("\(documents) documents scored (teacher-forced, in rolling windows)") }
        let ranked = rows(.rank)
        if !ranked.isEmpty {
            var candidates: [String: Int] = [:]
            for (index, spec) in job.datasets.enumerated() where spec.task == .rank {
                candidates[spec.name] = try RankingInput.load(spec, at: index, in: job).candidates.count
            }
            let filled = ranked.reduce(0) { $0 + $1.rows }
            let passes = ranked.reduce(0) { $0 + $1.rows * candidates[$1.dataset, default: 0] }
            parts.append("\(passes) ranking passes (\(filled) filled templates over all cells × their candidates)")
        }
        return parts.joined(separator: ", ")
    }

    private static func taskNote(_ task: DatasetTask) -> String {
        switch task {
        case .generate: ""
        case .score: ", scored"
        case .rank: ", ranked"
        }
    }
}
