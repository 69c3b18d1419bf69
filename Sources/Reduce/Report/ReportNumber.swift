import Foundation

/// Fixed, locale-independent number formats for report files, so equal inputs give equal bytes.
enum ReportNumber {
    /// CSV: `%.10g` (10 significant digits); NaN as `nan`, infinities as `inf` / `-inf`.
    static func csv(_ value: Double) -> String { format(value, "%.10g") }

    /// Markdown tables: `%.4g` (4 significant digits, for reading); same NaN/infinity spelling.
    static func markdown(_ value: Double) -> String { format(value, "%.4g") }

    private static func format(_ value: Double, _ pattern: String) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        // −0 prints as "-0"; a correlation of zero has no sign.
        return String(format: pattern, value == 0 ? 0.0 : value)
    }
}
