extension Statistics {
    /// Exact two-sided p-value of Kendall's statistic without ties (Kendall 1970): n items, c
    /// concordant pairs. Under the null every permutation is equally likely; the number of
    /// permutations with k inversions obeys the Mahonian recurrence, which is run here on
    /// probabilities (dividing by j at step j) so no count overflows. The distribution is
    /// symmetric, so the p-value is twice the lower tail at min(c, N − c), N = n(n−1)/2,
    /// clipped to 1 — the convention of scipy.stats.kendalltau(method='exact').
    static func kendallExactTwoSidedPValue(n: Int, concordant: Int) -> Double {
        let totalPairs = n * (n - 1) / 2
        let c = min(concordant, totalPairs - concordant)
        guard n > 2 else { return 1 }
        if c == 0 { return 2 / factorial(n) }
        if c == 1 { return 2 / factorial(n - 1) }
        if 4 * c == n * (n - 1) { return 1 }
        // tail[k] = P(k inversions among the first j items) · 2, for k ≤ c; starts at j = 2.
        var tail = [Double](repeating: 0, count: c + 1)
        tail[0] = 1
        tail[1] = 1
        for j in 3...n {
            let scale = 1 / Double(j)
            var running = 0.0
            for k in 0...c {
                running += tail[k]
                tail[k] = running * scale
            }
            // Adding item j creates 0 ... j−1 new inversions: a window of width j over the
            // previous distribution, i.e. a cumulative sum minus its value j places back.
            if j <= c {
                for k in stride(from: c, through: j, by: -1) { tail[k] -= tail[k - j] }
            }
        }
        return min(tail.compensatedSum(), 1)
    }

    /// n! as a Double (0 past overflow is irrelevant here: 2 / ∞ = 0, as scipy returns).
    private static func factorial(_ n: Int) -> Double {
        var product = 1.0
        if n > 1 { for k in 2...n { product *= Double(k) } }
        return product
    }
}
