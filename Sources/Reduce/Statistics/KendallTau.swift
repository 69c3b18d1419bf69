extension Statistics {
    /// Kendall's τ-b with the two-sided p-value scipy.stats.kendalltau reports by default
    /// (method='auto'): the exact null distribution when neither column has ties and either
    /// n ≤ 33 or at most one pair is discordant (or concordant); otherwise the normal
    /// approximation with the tie-corrected variance of Kendall (1970, ch. 4).
    ///
    /// O(n log n) by Knight's method: sort by (x, y), count discordant pairs as the inversions
    /// of y in that order with a merge sort, and read x, y and joint ties from sorted runs.
    public static func kendallTauB(_ x: [Double], _ y: [Double]) -> CorrelationResult {
        if let reason = precondition(x, y) { return .undefined(reason) }
        let n = x.count
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && y[$0] < y[$1]) }
        let xTies = TieCounts(runsOf: order.map { x[$0] })
        let jointTies = jointTiePairs(order: order, x: x, y: y)
        var ySorted = order.map { y[$0] }
        let discordant = sortCountingInversions(&ySorted)
        let yTies = TieCounts(runsOf: ySorted)

        let totalPairs = n * (n - 1) / 2
        let concordantMinusDiscordant = totalPairs - xTies.pairs - yTies.pairs + jointTies - 2 * discordant
        let tau = Double(concordantMinusDiscordant)
            / Double(totalPairs - xTies.pairs).squareRoot()
            / Double(totalPairs - yTies.pairs).squareRoot()

        let noTies = xTies.pairs == 0 && yTies.pairs == 0
        let pValue: Double
        if noTies && (n <= 33 || min(discordant, totalPairs - discordant) <= 1) {
            pValue = kendallExactTwoSidedPValue(n: n, concordant: totalPairs - discordant)
        } else {
            let m = Double(n) * Double(n - 1)
            let variance = (m * Double(2 * n + 5) - xTies.cubic - yTies.cubic) / 18
                + 2 * Double(xTies.pairs) * Double(yTies.pairs) / m
                + xTies.falling3 * yTies.falling3 / (9 * m * Double(n - 2))
            pValue = normalTwoSidedPValue(z: Double(concordantMinusDiscordant) / variance.squareRoot())
        }
        return CorrelationResult(statistic: min(max(tau, -1), 1), pValue: pValue)
    }

    /// Tie statistics of the runs of equal values in a sorted column: with t the run length,
    /// pairs = Σ t(t−1)/2, falling3 = Σ t(t−1)(t−2), cubic = Σ t(t−1)(2t+5).
    struct TieCounts {
        var pairs = 0
        var falling3 = 0.0
        var cubic = 0.0

        init(runsOf sorted: [Double]) {
            var start = 0
            while start < sorted.count {
                var end = start + 1
                while end < sorted.count, sorted[end] == sorted[start] { end += 1 }
                let t = end - start
                if t > 1 {
                    let length = Double(t)
                    pairs += t * (t - 1) / 2
                    falling3 += length * (length - 1) * (length - 2)
                    cubic += length * (length - 1) * (2 * length + 5)
                }
                start = end
            }
        }
    }

    /// Pairs tied in both x and y, from runs of the (x, y)-sorted order.
    private static func jointTiePairs(order: [Int], x: [Double], y: [Double]) -> Int {
        var pairs = 0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, x[order[end]] == x[order[start]], y[order[end]] == y[order[start]] { end += 1 }
            pairs += (end - start) * (end - start - 1) / 2
            start = end
        }
        return pairs
    }

    /// Sorts ascending (bottom-up, stable merge sort) and returns the number of pairs i < j
    /// with values[i] > values[j] strictly: equal values are not inversions.
    static func sortCountingInversions(_ values: inout [Double]) -> Int {
        let n = values.count
        var buffer = values
        var inversions = 0
        var width = 1
        while width < n {
            var low = 0
            while low < n {
                let middle = min(low + width, n), high = min(low + 2 * width, n)
                var left = low, right = middle, out = low
                while left < middle, right < high {
                    if values[right] < values[left] {
                        inversions += middle - left
                        buffer[out] = values[right]; right += 1
                    } else {
                        buffer[out] = values[left]; left += 1
                    }
                    out += 1
                }
                while left < middle { buffer[out] = values[left]; left += 1; out += 1 }
                while right < high { buffer[out] = values[right]; right += 1; out += 1 }
                low = high
            }
            swap(&values, &buffer)
            width *= 2
        }
        return inversions
    }
}
