import Foundation

extension Statistics {
    /// Two-sided p-value of a correlation coefficient r over n observations under the null of
    /// no association, from Student's t with n − 2 degrees of freedom, t = r √((n−2)/(1−r²)).
    ///
    /// P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2) with ν = n − 2, and ν/(ν+t²) = 1 − r², so the
    /// p-value is I_{1−r²}(ν/2, 1/2); 1 − r² is formed as (1 − |r|)(1 + |r|) to keep it exact near ±1.
    /// This is the p-value of scipy's `pearsonr` (as a beta distribution) and `spearmanr`.
    static func correlationTwoSidedPValue(r: Double, n: Int) -> Double {
        guard n >= 3, r.isFinite else { return .nan }
        let magnitude = min(abs(r), 1)
        let x = (1 - magnitude) * (1 + magnitude)
        let p = regularizedIncompleteBeta(a: Double(n - 2) / 2, b: 0.5, x: x, complement: magnitude * magnitude)
        return min(max(p, 0), 1)
    }

    /// Two-sided p-value of a standard normal statistic z: 2 P(Z ≥ |z|) = erfc(|z| / √2).
    static func normalTwoSidedPValue(z: Double) -> Double {
        guard !z.isNaN else { return .nan }
        return erfc(abs(z) / 2.0.squareRoot())
    }
}
