/// What a run does with the rows of one dataset (`task:` of a `datasets[i]` entry).
public enum DatasetTask: String, Codable, Sendable, CaseIterable {
    /// Build a prompt from each row (technique, few-shot) and generate a continuation.
    case generate
    /// Teacher-force each row's text and record the distribution at every position (README "Scoring").
    case score
    /// Rank candidate continuations of filled templates (README "Ranking vs corpus counts"); the
    /// default of a dataset with a `ranking:` block.
    case rank
}
