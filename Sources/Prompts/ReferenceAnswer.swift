import Foundation

/// Reading GSM8K-style references ("reasoning … #### 42").
public enum ReferenceAnswer {
    /// The text after the last `####`, trimmed, with thousands separators removed; nil without one.
    public static func finalAnswer(in reference: String) -> String? {
        guard let marker = reference.range(of: "####", options: .backwards) else { return nil }
        let answer = reference[marker.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: ",", with: "")
        return answer.isEmpty ? nil : answer
    }

    /// GSM8K reasoning carries calculator annotations like `<<48/2=24>>`; exemplars read better
    /// without them.
    public static func withoutCalculatorMarks(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<<"), let close = rest[open.upperBound...].range(of: ">>") {
            out += rest[..<open.lowerBound]
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
