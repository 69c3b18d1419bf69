import Foundation

extension Statistics {
    /// The quantile t(q, ν) of Student's t distribution for 0.5 < q < 1 and ν ≥ 1, found by
    /// bisection on the distribution function P(T ≤ t) = 1 − I_{ν/(ν+t²)}(ν/2, ½)/2 (t ≥ 0) to
    /// full double precision; t(0.975, ν) is the half-width factor of a 95% mean interval.
    static func studentTQuantile(_ q: Double, degreesOfFreedom nu: Int) -> Double {
        guard nu >= 1, q > 0.5, q < 1 else { return .nan }
        let v = Double(nu)
        func upperTail(_ t: Double) -> Double {
            regularizedIncompleteBeta(a: v / 2, b: 0.5, x: v / (v + t * t), complement: t * t / (v + t * t)) / 2
        }
        let wanted = 1 - q
        var low = 0.0, high = 1.0
        while upperTail(high) > wanted { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if upperTail(middle) > wanted { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// Mean of `values` with the 95% band mean ± t(0.975, n−1)·sd/√n (sd with n − 1); the band
    /// is NaN (an empty cell) with fewer than 2 values, and the mean NaN with none.
    static func meanWithBand(_ values: [Double]) -> (mean: Double, low: Double, high: Double) {
        guard !values.isEmpty else { return (.nan, .nan, .nan) }
        let n = Double(values.count)
        let mean = values.compensatedSum() / n
        guard values.count >= 2 else { return (mean, .nan, .nan) }
        let variance = values.map { ($0 - mean) * ($0 - mean) }.compensatedSum() / (n - 1)
        let half = studentTQuantile(0.975, degreesOfFreedom: values.count - 1) * (variance / n).squareRoot()
        return (mean, mean - half, mean + half)
    }
}
