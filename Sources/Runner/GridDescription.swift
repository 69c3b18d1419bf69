import Foundation

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
            return "\(dataset.name) (\(rows[dataset.name] ?? 0) rows\(dataset.task == .score ? ", scored" : "")\(only))"
        }.joined(separator: ", "))
        lines.append("techniques: " + job.techniques.map(\.name).joined(separator: ", "))
        if job.settingsGrid != nil { lines.append(try settingsDescription()) }
        let scored = Set(job.datasets.filter { $0.task == .score }.map(\.name))
        let sequences = plan.units.filter { !scored.contains($0.cell.dataset) }.reduce(0) { $0 + $1.rows.count }
        let texts = plan.units.filter { scored.contains($0.cell.dataset) }.reduce(0) { $0 + $1.rows.count }
        let maxNewTokens = try job.settingsNames.map { try job.generationSettings(settings: $0).maxNewTokens }.max() ?? 0
        lines.append("\(plan.cells.count) cells, \(plan.units.count) units, \(sequences) sequences of at most \(maxNewTokens) new tokens"
            + (texts > 0 ? ", \(texts) texts scored (teacher-forced)" : ""))
        for limit in limits {
            lines.append("model \(limit.model): context \(limit.contextLength) tokens, max_new_tokens \(limit.maxNewTokens), longest of \(limit.prompts) prompts \(limit.longestPrompt) tokens")
        }
        lines.append("\(done) units complete, \(pending.count) to run")
        return lines.joined(separator: "\n")
    }
}
