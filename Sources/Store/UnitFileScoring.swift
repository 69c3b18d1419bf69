import NucleusCore

/// The scoring part of a unit file (`ScoringRecord`):
/// - root attribute `task` = "score" (absent: a generation unit);
/// - `/prompts/perplexity` float64 [P];
/// - optional group `/average_distribution`: `probability_sum` float64 [V] (Σ p_t over the unit's
///   scored positions), attribute `positions` (their count), `token_text` UTF-8 strings [V].
enum UnitFileScoring {
    static let taskAttribute = "task"
    static let scoreTask = "score"
    static let perplexity = "perplexity"
    static let distributionGroup = "average_distribution"
    static let probabilitySum = "probability_sum"
    static let positions = "positions"
    static let tokenText = "token_text"

    static func write(_ scoring: ScoringRecord?, file: HDF5File) throws {
        guard let scoring else { return }
        try file.setAttribute(taskAttribute, scoreTask)
        let prompts = try file.openGroup(UnitFileSchema.promptsGroup)
        let dataset = try prompts.createDataset(perplexity, values: scoring.perplexity, shape: [scoring.perplexity.count], compressed: false)
        try dataset.setAttribute("description", "exp(-mean logprob) over the document's scored positions; NaN when none")
        guard let sum = scoring.averageDistribution else { return }
        let group = try file.createGroup(distributionGroup)
        try group.setAttribute(positions, Int64(sum.positions))
        let sums = try group.createDataset(probabilitySum, values: sum.probabilitySum, shape: [sum.probabilitySum.count], compressed: true)
        try sums.setAttribute("description", "sum over the unit's scored positions of softmax(raw logits); divide by the group's positions")
        try group.createStringDataset(tokenText, values: sum.tokenText)
    }

    /// The scoring part, or nil for a generation unit.
    static func read(_ file: HDF5File, promptCount: Int) throws -> ScoringRecord? {
        guard file.hasAttribute(taskAttribute) else { return nil }
        let task = try file.stringAttribute(taskAttribute)
        guard task == scoreTask else {
            throw file.origin.error(.malformed, "attribute task is '\(task)', this build reads '\(scoreTask)' (or none)")
        }
        let prompts = try file.openGroup(UnitFileSchema.promptsGroup)
        let values = try prompts.openDataset(perplexity).read(Double.self, expectedShape: [promptCount])
        guard file.hasLink(distributionGroup) else { return ScoringRecord(perplexity: values) }
        let group = try file.openGroup(distributionGroup)
        let counted = try group.numberAttribute(positions, as: Int64.self)
        guard counted >= 0 else { throw group.origin.error(.malformed, "\(distributionGroup) counts \(counted) positions") }
        let sumDataset = try group.openDataset(probabilitySum)
        let shape = try sumDataset.shape()
        guard shape.count == 1 else {
            throw group.origin.error(.malformed, "\(distributionGroup)/\(probabilitySum) has shape \(shape), expected one dimension")
        }
        let sums = try sumDataset.read(Double.self, expectedShape: shape)
        let texts = try group.openDataset(tokenText).readStrings(expectedCount: shape[0])
        return ScoringRecord(perplexity: values, averageDistribution: DistributionSumRecord(
            probabilitySum: sums, positions: Int(counted), tokenText: texts))
    }
}
