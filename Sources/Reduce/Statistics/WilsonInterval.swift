/// Wilson score interval of a binomial proportion.
public struct ProportionInterval: Sendable, Equatable {
    /// k / n (NaN when n = 0).
    public var proportion: Double
    public var lower: Double
    public var upper: Double

    // NaN-aware, so undefined intervals compare equal in tests.
    public static func == (l: ProportionInterval, r: ProportionInterval) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(l.proportion, r.proportion) && same(l.lower, r.lower) && same(l.upper, r.upper)
    }
}

extension Statistics {
    /// The standard normal quantile of 0.975: z of a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    /// Wilson score interval for `successes` of `trials` (statsmodels' proportion_confint,
    /// method='wilson'): center (p + z²/2n) / (1 + z²/n), half-width
    /// z √(p(1−p)/n + z²/4n²) / (1 + z²/n), clipped to [0, 1] against rounding at k = 0 and k = n.
    /// NaN when trials ≤ 0 or successes is outside 0 ... trials.
    public static func wilsonInterval(successes: Int, trials: Int, z: Double = z95) -> ProportionInterval {
        guard trials > 0, successes >= 0, successes <= trials else {
            return ProportionInterval(proportion: .nan, lower: .nan, upper: .nan)
        }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let halfWidth = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return ProportionInterval(proportion: p, lower: max(center - halfWidth, 0), upper: min(center + halfWidth, 1))
    }
}
