extension OutputDiversity {
    /// distinct-k: |set of k-grams| / |k-grams| over the words of `' '.join(completions).split(' ')`
    /// (empty words count, as in the `diversity` package). Nil when there is no k-gram.
    public static func distinct(_ k: Int, of completions: [String]) -> Double? {
        var words = PythonWords()
        return distinct(k, words: words.splitOnSpace(completions.joined(separator: " ")))
    }

    /// The n-gram diversity score Σ_{k=1..4} distinct-k, unrounded (the `diversity` package's
    /// `ngram_diversity_score` rounds it to 3 decimals). Nil when fewer than 4 words give no 4-gram.
    public static func ngramDiversityScore(_ completions: [String]) -> Double? {
        var words = PythonWords()
        let ids = words.splitOnSpace(completions.joined(separator: " "))
        var score = 0.0
        for k in 1...4 {
            guard let value = distinct(k, words: ids) else { return nil }
            score += value
        }
        return score
    }

    static func distinct(_ k: Int, words: [Int]) -> Double? {
        let grams = nGrams(words, k)
        guard !grams.isEmpty else { return nil }
        return Double(Set(grams).count) / Double(grams.count)
    }
}
