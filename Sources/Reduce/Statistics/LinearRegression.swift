/// Ordinary least-squares line y ≈ slope·x + intercept.
public struct LinearFit: Sendable, Equatable {
    public var slope: Double
    public var intercept: Double
    /// Squared Pearson correlation of x and y: the share of y's variance the line explains.
    public var rSquared: Double
    /// Pairs fitted.
    public var count: Int

    // NaN-aware, so undefined fits compare equal in tests.
    public static func == (l: LinearFit, r: LinearFit) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(l.slope, r.slope) && same(l.intercept, r.intercept) && same(l.rSquared, r.rSquared) && l.count == r.count
    }
}

extension Statistics {
    /// Least-squares line of y on x, as scipy.stats.linregress computes it (centred sums, here
    /// compensated). Slope and intercept are NaN with fewer than two pairs, unequal lengths,
    /// non-finite values or constant x; R² is also NaN when y is constant.
    public static func linearRegression(x: [Double], y: [Double]) -> LinearFit {
        let undefined = LinearFit(slope: .nan, intercept: .nan, rSquared: .nan, count: x.count)
        guard x.count == y.count, x.count >= 2, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return undefined }
        let meanX = x.compensatedMean(), meanY = y.compensatedMean()
        var sxx = CompensatedSum(), syy = CompensatedSum(), sxy = CompensatedSum()
        for (xi, yi) in zip(x, y) {
            let dx = xi - meanX, dy = yi - meanY
            sxx.add(dx * dx)
            syy.add(dy * dy)
            sxy.add(dx * dy)
        }
        guard sxx.value > 0 else { return undefined }
        let slope = sxy.value / sxx.value
        var rSquared = Double.nan
        if syy.value > 0 {
            let r = min(max(sxy.value / (sxx.value.squareRoot() * syy.value.squareRoot()), -1), 1)
            rSquared = r * r
        }
        return LinearFit(slope: slope, intercept: meanY - slope * meanX, rSquared: rSquared, count: x.count)
    }
}

extension DecayFit {
    /// The line cosine ≈ slope·f(H) + intercept over tokens, f the fitted curve: how much of
    /// the token-level variance of cosine the binned trend explains. NaN when the fit failed.
    public func linearModel(entropy: [Double], cosine: [Double]) -> LinearFit {
        Statistics.linearRegression(x: entropy.map { value(at: $0) }, y: cosine)
    }
}
