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
        lines.append("datasets: " + job.datasets.map { "\($0.name) (\(rows[$0.name] ?? 0) rows\($0.task == .score ? ", scored" : ""))" }.joined(separator: ", "))
        lines.append("techniques: " + job.techniques.map(\.name).joined(separator: ", "))
        let scored = Set(job.datasets.filter { $0.task == .score }.map(\.name))
        let sequences = plan.units.filter { !scored.contains($0.cell.dataset) }.reduce(0) { $0 + $1.rows.count }
        let texts = plan.units.filter { scored.contains($0.cell.dataset) }.reduce(0) { $0 + $1.rows.count }
        lines.append("\(plan.cells.count) cells, \(plan.units.count) units, \(sequences) sequences of at most \(try job.generationSettings().maxNewTokens) new tokens"
            + (texts > 0 ? ", \(texts) texts scored (teacher-forced)" : ""))
        for limit in limits {
            lines.append("model \(limit.model): context \(limit.contextLength) tokens, max_new_tokens \(limit.maxNewTokens), longest of \(limit.prompts) prompts \(limit.longestPrompt) tokens")
        }
        lines.append("\(done) units complete, \(pending.count) to run")
        return lines.joined(separator: "\n")
    }
}
