import NucleusCore

extension UnitRecord {
    /// Checks that the columns agree with the prompts before anything is written: every column of
    /// `TokenColumn.all` has its type and N = Σ generatedCount values times its trailing extents
    /// (the top-K pair N × topK). Returns the problem, or nil.
    func consistencyProblem() -> String? {
        if let bad = prompts.firstIndex(where: { $0.generatedCount < 0 || $0.promptTokenCount < 0 }) {
            return "prompt \(bad) has a negative token count"
        }
        guard tokens.topK >= 0 else { return "topK is negative (\(tokens.topK))" }
        if let problem = scoringProblem() { return problem }
        if let problem = embeddingMeans?.problem(promptCount: prompts.count) { return problem }
        let tokenCount = prompts.reduce(0) { $0 + $1.generatedCount }
        if let problem = distributions?.consistencyProblem(tokenCount: tokenCount) { return problem }
        for column in tokens.storedColumns {
            let values = tokens[column]
            guard values.element == column.element else {
                return "token column \(column.name) holds \(values.element) values, the schema says \(column.element)"
            }
            let width = tokens.width(of: column)
            guard values.count == tokenCount * width else {
                let extents = column.trailing.map { " x \($0.rawValue) (\(tokens.extent($0)))" }.joined()
                let expected = width == 1 ? "" : extents + " = \(tokenCount * width) values"
                return "token column \(column.name) has \(values.count) values but the prompts generated \(tokenCount) tokens\(expected)"
            }
        }
        return nil
    }
}
