extension Statistics {
    /// Pearson's r with the two-sided p-value of scipy.stats.pearsonr (Student's t, n − 2 df).
    ///
    /// Two passes: compensated means, then compensated sums of centred cross-products, so a large
    /// common offset in the data costs no precision.
    public static func pearson(_ x: [Double], _ y: [Double]) -> CorrelationResult {
        if let reason = precondition(x, y) { return .undefined(reason) }
        guard let r = pearsonCoefficient(x, y) else { return .undefined(.varianceUnderflow) }
        return CorrelationResult(statistic: r, pValue: correlationTwoSidedPValue(r: r, n: x.count))
    }

    /// r of two finite, equally long columns; nil when a centred column is all zeros.
    static func pearsonCoefficient(_ x: [Double], _ y: [Double]) -> Double? {
        let meanX = x.compensatedMean()
        let meanY = y.compensatedMean()
        var sxx = CompensatedSum(), syy = CompensatedSum(), sxy = CompensatedSum()
        for (xi, yi) in zip(x, y) {
            let dx = xi - meanX, dy = yi - meanY
            sxx.add(dx * dx)
            syy.add(dy * dy)
            sxy.add(dx * dy)
        }
        guard sxx.value > 0, syy.value > 0 else { return nil }
        let r = sxy.value / (sxx.value.squareRoot() * syy.value.squareRoot())
        return min(max(r, -1), 1)
    }
}
