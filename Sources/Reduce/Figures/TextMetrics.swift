/// Estimated text widths for layout. There are no font metrics at hand, so widths follow DejaVu
/// Sans (what `sans-serif` resolves to on most Linux machines), which is wider than Helvetica or
/// Arial: space reserved this way fits either.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        // DejaVu Sans Bold runs about 12% wider than Book.
        text.unicodeScalars.reduce(0) { $0 + em($1) } * fontSize * (bold ? 1.12 : 1)
    }

    private static func em(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "l", "j", "!", "|", ".", ",", ":", ";", "'", " ", "I": 0.32
        case "f", "t", "r", "(", ")", "[", "]", "-": 0.42
        case "m", "w", "M", "W", "%", "—": 0.95
        case "A"..."Z": 0.74
        case "0"..."9": 0.64
        default: 0.62
        }
    }

    /// `text` shortened with an ellipsis to fit `width`, or unchanged when it fits.
    static func truncated(_ text: String, toWidth width: Double, fontSize: Double, bold: Bool = false) -> String {
        guard self.width(text, fontSize: fontSize, bold: bold) > width else { return text }
        var kept = text
        while !kept.isEmpty && self.width(kept + "…", fontSize: fontSize, bold: bold) > width { kept.removeLast() }
        return kept + "…"
    }
}
