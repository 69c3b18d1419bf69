import Foundation

/// The result of a two-sided Mann–Whitney U test of sample a against sample b.
public struct MannWhitneyResult: Sendable, Equatable {
    /// U of sample a: the number of pairs (x in a, y in b) with x > y, ties counting one half.
    public var u: Double
    /// Two-sided p-value.
    public var p: Double
    /// Whether `p` comes from the exact null distribution (else the normal approximation).
    public var exact: Bool
}

extension Statistics {
    /// Two-sided Mann–Whitney U test as scipy's `mannwhitneyu(a, b, alternative='two-sided')`
    /// with its default `method='auto'` (scipy 1.17): the exact null distribution of U when there
    /// are no ties and at most one of the samples has more than 8 values; otherwise the normal
    /// approximation with the tie correction of the variance and a continuity correction of ½.
    /// Both use U = max(U_a, U_b), p = min(1, 2·P(U' ≥ U)). Nil when either sample is empty or
    /// holds a non-finite value.
    static func mannWhitney(_ a: [Double], _ b: [Double]) -> MannWhitneyResult? {
        guard !a.isEmpty, !b.isEmpty, (a + b).allSatisfy(\.isFinite) else { return nil }
        let n1 = a.count, n2 = b.count
        let ranked = midranks(a + b)
        let rankSumA = ranked.ranks[..<n1].reduce(0, +)
        let uA = rankSumA - Double(n1 * (n1 + 1)) / 2
        let u = max(uA, Double(n1 * n2) - uA)
        let hasTies = ranked.tieSizes.contains { $0 > 1 }
        if !(n1 > 8 && n2 > 8) && !hasTies {
            return MannWhitneyResult(u: uA, p: exactTwoSided(u: Int(u.rounded()), n1: n1, n2: n2), exact: true)
        }
        let n = Double(n1 + n2)
        let tieTerm = ranked.tieSizes.reduce(0.0) { $0 + Double($1) * Double($1) * Double($1) - Double($1) }
        let variance = Double(n1) * Double(n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        let numerator = u - Double(n1) * Double(n2) / 2 - 0.5
        guard variance > 0 else { return MannWhitneyResult(u: uA, p: 1, exact: false) }
        // P(Z ≥ z) = erfc(z/√2)/2, doubled for two sides.
        let p = erfc(numerator / variance.squareRoot() / 2.0.squareRoot())
        return MannWhitneyResult(u: uA, p: min(max(p, 0), 1), exact: false)
    }

    /// Average ranks (1-based) of `values` in their order, and the size of every group of equal values.
    private static func midranks(_ values: [Double]) -> (ranks: [Double], tieSizes: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieSizes: [Int] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
            let average = Double(start + end + 1) / 2  // mean of the 1-based ranks start+1 … end
            for position in start..<end { ranks[order[position]] = average }
            tieSizes.append(end - start)
            start = end
        }
        return (ranks, tieSizes)
    }

    /// 2·P(U' ≥ u) under the null, capped at 1, from the counts of U' = k over all C(n1+n2, n1)
    /// arrangements: the coefficients of the Gaussian binomial [n1+n2 choose n1]_q, built as
    /// Π_{i=1…m} (1 − q^{n+i}) / (1 − q^i) with m = min(n1, n2), n = max(n1, n2). Every partial
    /// product is itself a Gaussian binomial with integer coefficients ≤ C(n+m, m), exact in a
    /// Double while that stays below 2⁵³ (m = 8: n up to about 240; beyond, rounded as scipy's
    /// floating-point counts are). The distribution is
    /// symmetric, so P(U' ≥ u) = P(U' ≤ n1·n2 − u), summed from the left as scipy does.
    private static func exactTwoSided(u: Int, n1: Int, n2: Int) -> Double {
        let m = min(n1, n2), n = max(n1, n2)
        let degree = m * n
        var counts = [Double](repeating: 0, count: degree + 1)
        counts[0] = 1
        for i in 1...m {
            let shift = n + i
            if shift <= degree {
                for k in stride(from: degree, through: shift, by: -1) { counts[k] -= counts[k - shift] }
            }
            for k in i...degree { counts[k] += counts[k - i] }
        }
        let total = counts.reduce(0, +)
        let upper = degree - u
        guard upper >= 0 else { return 0 }
        let tail = counts[0...upper].reduce(0, +)
        return min(1, 2 * tail / total)
    }
}
