import Foundation

/// Why a fit of f(H) = a·H·e^(−bH) + c is not usable.
public enum DecayFitProblem: Sendable, Equatable, CustomStringConvertible {
    /// Fewer than four points (non-empty bins) for three parameters.
    case tooFewPoints(Int)
    /// The best fit has b ≤ 0: no interior peak, the curve grows or is linear.
    case nonPositiveDecay(Double)
    /// Levenberg–Marquardt stopped at its iteration limit from every starting point.
    case notConverged(iterations: Int)
    /// The points hold NaN or infinity, or x and y differ in length.
    case invalidInput

    public var description: String {
        switch self {
        case .tooFewPoints(let n): "too few points to fit a·H·e^(−bH) + c (n = \(n), need at least 4)"
        case .nonPositiveDecay(let b): "fitted decay rate b = \(b) is not positive: no peak"
        case .notConverged(let iterations): "Levenberg–Marquardt did not converge in \(iterations) iterations"
        case .invalidInput: "fit input holds NaN or infinity, or x and y differ in length"
        }
    }
}

/// Least-squares fit of f(H) = a·H·e^(−bH) + c, the rise-then-fall of cosine with entropy.
public struct DecayFit: Sendable, Equatable {
    public var a: Double
    public var b: Double
    public var c: Double
    /// 1 − SS_res / SS_tot over the fitted points (NaN when y is constant or there is no fit).
    public var rSquared: Double
    /// Points fitted.
    public var points: Int
    /// Whether the kept Levenberg–Marquardt run met its tolerance, and its iteration count.
    public var converged: Bool
    public var iterations: Int
    /// Nil when the fit is usable.
    public var problem: DecayFitProblem?

    /// Where f peaks (a > 0) or dips (a < 0): f′(H) = 0 at H = 1/b. NaN when b ≤ 0.
    public var peak: Double { b > 0 ? 1 / b : .nan }

    /// f(h) with the fitted parameters.
    public func value(at h: Double) -> Double { a * h * exp(-b * h) + c }

    // NaN-aware, so failed fits compare equal in tests.
    public static func == (l: DecayFit, r: DecayFit) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(l.a, r.a) && same(l.b, r.b) && same(l.c, r.c) && same(l.rSquared, r.rSquared)
            && l.points == r.points && l.converged == r.converged && l.iterations == r.iterations && l.problem == r.problem
    }

    static func failed(_ problem: DecayFitProblem, points: Int) -> DecayFit {
        DecayFit(a: .nan, b: .nan, c: .nan, rSquared: .nan, points: points, converged: false, iterations: 0, problem: problem)
    }
}

extension Statistics {
    /// Fits f(H) = a·H·e^(−bH) + c to the medians of the non-empty bins against their centers,
    /// unweighted (see ``fitDecay(x:y:)``).
    public static func fitDecay(bins: [EntropyBin]) -> DecayFit {
        let filled = bins.filter { $0.count > 0 }
        return fitDecay(x: filled.map(\.center), y: filled.map(\.median))
    }

    /// Unweighted least-squares fit of f(x) = a·x·e^(−bx) + c by Levenberg–Marquardt with the
    /// analytic Jacobian (x e^(−bx), −a x² e^(−bx), 1), started from several data-derived
    /// points; the run with the smallest residual sum of squares is kept (a converged run over
    /// one that is not). Starts: b = 1/x at the largest y, at the smallest y and at the mean
    /// |x|, each also halved and doubled, with a and c solved by linear least squares for that b.
    /// Problems (too few points, b ≤ 0, no convergence) are reported in the result, never thrown.
    public static func fitDecay(x: [Double], y: [Double]) -> DecayFit {
        guard x.count == y.count, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            return .failed(.invalidInput, points: min(x.count, y.count))
        }
        guard x.count >= 4 else { return .failed(.tooFewPoints(x.count), points: x.count) }
        var best: DecayRun?
        for start in decayStarts(x: x, y: y) {
            let run = levenbergMarquardt(x: x, y: y, start: start)
            guard let kept = best else { best = run; continue }
            if (run.converged && !kept.converged) || (run.converged == kept.converged && run.residual < kept.residual) {
                best = run
            }
        }
        guard let run = best else { return .failed(.notConverged(iterations: 0), points: x.count) }
        let meanY = y.compensatedMean()
        let total = y.map { ($0 - meanY) * ($0 - meanY) }.compensatedSum()
        var fit = DecayFit(
            a: run.parameters.a, b: run.parameters.b, c: run.parameters.c,
            rSquared: total > 0 ? 1 - run.residual / total : .nan,
            points: x.count, converged: run.converged, iterations: run.iterations, problem: nil)
        if !run.converged {
            fit.problem = .notConverged(iterations: run.iterations)
        } else if !(fit.b > 0) {
            fit.problem = .nonPositiveDecay(fit.b)
        }
        return fit
    }

    /// Starting parameters: for each candidate decay rate b > 0, a and c minimise the squares
    /// given b (a straight-line fit of y on x e^(−bx)).
    private static func decayStarts(x: [Double], y: [Double]) -> [DecayParameters] {
        let peakX = x[y.indices.max { y[$0] < y[$1] } ?? 0]
        let dipX = x[y.indices.min { y[$0] < y[$1] } ?? 0]
        let meanAbsX = x.map(abs).compensatedMean()
        var rates: [Double] = []
        for location in [peakX, dipX, meanAbsX] where location > 0 {
            for scale in [1.0, 0.5, 2.0] { rates.append(scale / location) }
        }
        if rates.isEmpty { rates = [1] }
        return rates.compactMap { b in
            let basis = x.map { $0 * exp(-b * $0) }
            let line = linearRegression(x: basis, y: y)
            guard line.slope.isFinite, line.intercept.isFinite else { return nil }
            return DecayParameters(a: line.slope, b: b, c: line.intercept)
        }
    }
}
