import Foundation

/// Locale-independent, fixed-precision numbers for SVG coordinates, so equal figures give equal bytes.
enum SVGNumber {
    /// Two decimals (a hundredth of a pixel), trailing zeros trimmed: `12.5`, `3`, `-0.25`.
    /// Non-finite values print as `0`; callers never place non-finite coordinates on purpose.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
