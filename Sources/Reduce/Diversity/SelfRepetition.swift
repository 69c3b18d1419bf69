import Foundation

extension OutputDiversity {
    /// Self-repetition (k = 4), as the `diversity` package computes it: the words of each sᵢ by
    /// `split()`, Nᵢ = the set of its 4-grams, score = mean over i of
    /// ln(1 + Σ_{g∈Nᵢ} (#completions containing g) − |Nᵢ|). Nil for no completions.
    public static func selfRepetition(_ completions: [String], n: Int = 4) -> Double? {
        guard !completions.isEmpty else { return nil }
        var words = PythonWords()
        let sets = completions.map { Set(nGrams(words.splitOnWhitespace($0), n)) }
        var containing: [ArraySlice<Int>: Int] = [:]
        for set in sets {
            for gram in set { containing[gram, default: 0] += 1 }
        }
        var total = 0.0
        for set in sets {
            let inOthers = set.reduce(0) { $0 + (containing[$1] ?? 0) } - set.count
            total += log(Double(inOthers + 1))
        }
        return total / Double(completions.count)
    }
}
