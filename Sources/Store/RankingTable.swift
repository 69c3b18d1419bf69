/// The candidate scores of a `task: rank` unit: one row per filled template × candidate, stored
/// as `/ranking` (parallel columns of length R) beside the unit's `/prompts` (one per filled template).
public struct RankingTable: Sendable, Equatable {
    /// Dataset row of the filled template (= the `/prompts` row it belongs to).
    public var row: [Int] = []
    public var templateID: [String] = []
    /// Slot value names joined by `+` (e.g. `female`).
    public var group: [String] = []
    /// The surface forms the template was filled with, joined by `+` (e.g. `woman`).
    public var form: [String] = []
    public var candidate: [String] = []
    /// Σ ln p(candidate token | filled template, earlier candidate tokens), natural log.
    public var score: [Double] = []
    /// `score` / `nTokens`.
    public var meanScore: [Double] = []
    public var nTokens: [Int] = []
    /// Raw logit of the candidate's first token.
    public var firstLogit: [Float] = []

    public init() {}

    public var count: Int { row.count }

    public mutating func append(row: Int, templateID: String, group: String, form: String, candidate: String,
                                score: Double, meanScore: Double, nTokens: Int, firstLogit: Float) {
        self.row.append(row)
        self.templateID.append(templateID)
        self.group.append(group)
        self.form.append(form)
        self.candidate.append(candidate)
        self.score.append(score)
        self.meanScore.append(meanScore)
        self.nTokens.append(nTokens)
        self.firstLogit.append(firstLogit)
    }

    /// Why the columns cannot be stored, or nil.
    func consistencyProblem() -> String? {
        let lengths = [templateID.count, group.count, form.count, candidate.count, score.count, meanScore.count,
                       nTokens.count, firstLogit.count]
        guard lengths.allSatisfy({ $0 == row.count }) else {
            return "ranking columns have different lengths \([row.count] + lengths)"
        }
        return nil
    }
}
