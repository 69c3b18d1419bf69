/// Estimated text widths for layout. There are no font metrics at hand, so widths follow DejaVu
/// Sans (what `sans-serif` resolves to on most Linux machines), which is wider than Helvetica or
/// Arial: space reserved this way fits either.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + em($1) } * fontSize
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
    static func truncated(_ text: String, toWidth width: Double, fontSize: Double) -> String {
        guard self.width(text, fontSize: fontSize) > width else { return text }
        var kept = text
        while !kept.isEmpty && self.width(kept + "…", fontSize: fontSize) > width { kept.removeLast() }
        return kept + "…"
    }
}
