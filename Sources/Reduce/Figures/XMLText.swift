/// Escaping for text placed in SVG (XML) character data and attribute values.
enum XMLText {
    /// Replaces `& < > " '` by entities and drops characters XML 1.0 forbids (C0 controls other
    /// than tab, line feed and carriage return), so any model or dataset name gives well-formed XML.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
