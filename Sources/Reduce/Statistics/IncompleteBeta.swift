import Foundation

extension Statistics {
    /// Regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1.
    ///
    /// `complement` must equal 1 − x; callers that know it more precisely than `1 - x` (for
    /// example r² when x = 1 − r²) pass it so the upper tail keeps its relative accuracy.
    /// Evaluated with the continued fraction for I_x(a, b) (modified Lentz), on the side of
    /// the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges quickly.
    /// Returns NaN for arguments out of range or if the fraction does not converge.
    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, complement: Double? = nil) -> Double {
        let oneMinusX = complement ?? (1 - x)
        guard a > 0, b > 0, x >= 0, x <= 1, oneMinusX >= 0, oneMinusX <= 1 else { return .nan }
        if x == 0 { return 0 }
        if oneMinusX == 0 { return 1 }
        // Prefactor x^a (1−x)^b / (a B(a, b)), computed in logs.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(oneMinusX)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(a: a, b: b, x: x, oneMinusX: oneMinusX) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(a: b, b: a, x: oneMinusX, oneMinusX: x) / b
    }

    /// The continued fraction 1 / (1 + d₁ / (1 + d₂ / (1 + …))) of I_x(a, b), with
    /// d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)) and
    /// d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)), by the modified Lentz method.
    private static func betaContinuedFraction(a: Double, b: Double, x: Double, oneMinusX: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        // Enough for a, b in the millions: the fraction needs O(sqrt(max(a, b))) terms.
        let maxTerms = 200_000

        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }

        var numeratorRatio = 1.0                                  // Lentz C
        var denominatorRatio = 1 / guarded(1 - (a + b) * x / (a + 1))  // Lentz D
        var fraction = denominatorRatio
        for m in 1...maxTerms {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            denominatorRatio = 1 / guarded(1 + even * denominatorRatio)
            numeratorRatio = guarded(1 + even / numeratorRatio)
            fraction *= denominatorRatio * numeratorRatio

            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            denominatorRatio = 1 / guarded(1 + odd * denominatorRatio)
            numeratorRatio = guarded(1 + odd / numeratorRatio)
            let step = denominatorRatio * numeratorRatio
            fraction *= step
            if abs(step - 1) < epsilon { return fraction }
        }
        return .nan
    }
}
