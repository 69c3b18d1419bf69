extension UnitRecord {
    /// Checks that the columns agree with the prompts before anything is written: every token
    /// column has N = Σ generatedCount values, the top-K pair N × topK. Returns the problem, or nil.
    func consistencyProblem() -> String? {
        if let bad = prompts.firstIndex(where: { $0.generatedCount < 0 || $0.promptTokenCount < 0 }) {
            return "prompt \(bad) has a negative token count"
        }
        guard tokens.topK >= 0 else { return "topK is negative (\(tokens.topK))" }
        let tokenCount = prompts.reduce(0) { $0 + $1.generatedCount }
        let columns: [(String, Int)] = [
            ("token_id", tokens.tokenID.count), ("logprob", tokens.logprob.count), ("rank", tokens.rank.count),
            ("entropy", tokens.entropy.count), ("varentropy", tokens.varentropy.count),
            ("nucleus_size", tokens.nucleusSize.count), ("nucleus_mass", tokens.nucleusMass.count),
            ("nucleus_entropy", tokens.nucleusEntropy.count), ("nucleus_cosine", tokens.nucleusCosine.count),
            ("nucleus_cosine_weighted", tokens.nucleusCosineWeighted.count),
        ]
        if let (name, count) = columns.first(where: { $0.1 != tokenCount }) {
            return "token column \(name) has \(count) values but the prompts generated \(tokenCount) tokens"
        }
        let topKCount = tokenCount * tokens.topK
        if tokens.topkIDs.count != topKCount || tokens.topkLogprobs.count != topKCount {
            return "top-K columns have \(tokens.topkIDs.count) ids and \(tokens.topkLogprobs.count) logprobs, expected \(tokenCount) x \(tokens.topK)"
        }
        return nil
    }
}
