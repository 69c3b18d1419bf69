/// Correlation estimators with two-sided p-values, matching scipy.stats (see each function).
/// Pure Swift, Double throughout, sums compensated; no external libraries.
public enum Statistics {}

/// A correlation coefficient and its two-sided p-value, or why it is undefined.
public struct CorrelationResult: Sendable, Equatable {
    /// The coefficient (NaN when undefined).
    public var statistic: Double
    /// Two-sided p-value under the null of no association (NaN when undefined).
    public var pValue: Double
    /// Why the coefficient is undefined; nil when it is defined.
    public var undefinedReason: UndefinedCorrelation?

    public init(statistic: Double, pValue: Double) {
        self.statistic = statistic
        self.pValue = pValue
        self.undefinedReason = nil
    }

    public static func undefined(_ reason: UndefinedCorrelation) -> CorrelationResult {
        var result = CorrelationResult(statistic: .nan, pValue: .nan)
        result.undefinedReason = reason
        return result
    }

    // NaN-aware, so undefined results compare equal in tests.
    public static func == (a: CorrelationResult, b: CorrelationResult) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(a.statistic, b.statistic) && same(a.pValue, b.pValue) && a.undefinedReason == b.undefinedReason
    }
}

/// Why a correlation could not be computed.
public enum UndefinedCorrelation: Sendable, Equatable, CustomStringConvertible {
    /// Fewer than three paired observations (no degrees of freedom for the p-value).
    case tooFewObservations(Int)
    /// x and y have different lengths.
    case lengthMismatch(x: Int, y: Int)
    /// An input holds NaN or ±infinity.
    case nonFiniteInput
    /// x (or y) takes a single value: zero variance.
    case constantX
    case constantY
    /// The values differ, but their spread is too small for Double (squared deviations underflow).
    case varianceUnderflow

    public var description: String {
        switch self {
        case .tooFewObservations(let n): "too few observations (n = \(n), need at least 3)"
        case .lengthMismatch(let x, let y): "x has \(x) values but y has \(y)"
        case .nonFiniteInput: "input holds NaN or infinity"
        case .constantX: "x is constant (zero variance)"
        case .constantY: "y is constant (zero variance)"
        case .varianceUnderflow: "the spread of x or y underflows Double"
        }
    }
}

extension Statistics {
    /// The checks every estimator shares: equal lengths, n ≥ 3, finite values, neither constant.
    static func precondition(_ x: [Double], _ y: [Double]) -> UndefinedCorrelation? {
        guard x.count == y.count else { return .lengthMismatch(x: x.count, y: y.count) }
        guard x.count >= 3 else { return .tooFewObservations(x.count) }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return .nonFiniteInput }
        if x.allSatisfy({ $0 == x[0] }) { return .constantX }
        if y.allSatisfy({ $0 == y[0] }) { return .constantY }
        return nil
    }
}
