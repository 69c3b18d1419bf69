import Foundation

/// An axis range with its tick positions and their labels.
struct AxisTicks: Equatable, Sendable {
    var lower: Double
    var upper: Double
    var values: [Double]
    var labels: [String]
}

/// Tick positions at steps of 1, 2 or 5 × 10^k ("nice numbers", Heckbert, Graphics Gems 1990).
enum NiceTicks {
    /// Ticks for data spanning `lower...upper`. With `expand`, the axis grows outward to the
    /// nearest ticks (for data ranges); without it the axis keeps the given bounds and only the
    /// ticks inside them are listed (for fixed ranges such as 0–1). A single value is widened by
    /// 10% of its magnitude (or to −1…1 for zero); non-finite bounds give 0–1.
    static func make(lower: Double, upper: Double, targetIntervals: Int = 5, expand: Bool = true) -> AxisTicks {
        var low = min(lower, upper)
        var high = max(lower, upper)
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if low == high {
            let half = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - half, high + half)
        }
        let step = NiceStep(span: high - low, targetIntervals: max(1, targetIntervals))
        let slack = 1e-9
        let first: Double
        let last: Double
        if expand {
            first = (low / step.value + slack).rounded(.down)
            last = (high / step.value - slack).rounded(.up)
        } else {
            first = (low / step.value - slack).rounded(.up)
            last = (high / step.value + slack).rounded(.down)
        }
        let values = first <= last ? stride(from: first, through: last, by: 1).map(step.multiple) : []
        let axisLower = expand ? step.multiple(first) : low
        let axisUpper = expand ? step.multiple(last) : high
        let largest = values.map(abs).max() ?? 0
        let labels = values.map { TickLabel.format($0, stepExponent: step.exponent, largest: largest) }
        return AxisTicks(lower: axisLower, upper: axisUpper, values: values, labels: labels)
    }
}

/// A step of `mantissa` × 10^`exponent` with `mantissa` in {1, 2, 5}.
struct NiceStep {
    let mantissa: Double
    let exponent: Int

    init(span: Double, targetIntervals: Int) {
        let raw = span / Double(targetIntervals)
        var exponent = Int(log10(raw).rounded(.down))
        let residual = raw / NiceStep.power(exponent)
        let mantissa: Double
        switch residual {
        case ...1.0000001: mantissa = 1
        case ...2.0000001: mantissa = 2
        case ...5.0000001: mantissa = 5
        default:
            mantissa = 1
            exponent += 1
        }
        self.mantissa = mantissa
        self.exponent = exponent
    }

    var value: Double { NiceStep.power(exponent) * mantissa }

    /// `index` steps from zero, computed so decimal steps land on exact decimals (0.1 × 3 is 0.3).
    func multiple(_ index: Double) -> Double {
        let count = index * mantissa
        let result = exponent >= 0 ? count * NiceStep.power(exponent) : count / NiceStep.power(-exponent)
        return result == 0 ? 0 : result
    }

    static func power(_ exponent: Int) -> Double { pow(10, Double(exponent)) }
}

/// Compact tick labels: as many decimals as the step needs, the same for every tick of an axis
/// (step 0.02 → `0.00 0.02 …`, step 2 → `0 2 …`), a true minus sign (U+2212), and for very large
/// or very small magnitudes `e` notation with one exponent for the whole axis (`0.5e6 1.0e6 1.5e6`).
enum TickLabel {
    static func format(_ value: Double, stepExponent: Int, largest: Double) -> String {
        let scientific = largest >= 1e6 || stepExponent <= -5
        let body: String
        if scientific {
            let axisExponent = largest > 0 ? Int(log10(largest).rounded(.down)) : 0
            let decimals = min(6, max(0, axisExponent - stepExponent))
            body = value == 0 ? "0"
                : String(format: "%.\(decimals)f", abs(value) / NiceStep.power(axisExponent)) + "e\(axisExponent)"
        } else {
            body = String(format: "%.\(max(0, -stepExponent))f", abs(value))
        }
        return value < 0 ? "\u{2212}" + body : body
    }
}
