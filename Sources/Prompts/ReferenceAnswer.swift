import Foundation

/// Reading GSM8K-style references ("reasoning with <<48/2=24>>24 … #### 72").
public enum ReferenceAnswer {
    /// The reference's answer in canonical form (`AnswerExtraction.reference`): "1,234" → "1234".
    public static func finalAnswer(in reference: String) -> String? {
        AnswerExtraction.reference(reference)?.canonical
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

    /// The calculator annotations as equations, `<<48/2=24>>` → `48/2 = 24` (spaces inside an
    /// expression removed, so each stays a terse step of at most three words).
    public static func calculatorSteps(in text: String) -> [String] {
        var steps: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<<"), let close = rest[open.upperBound...].range(of: ">>") {
            let annotation = rest[open.upperBound..<close.lowerBound].filter { !$0.isWhitespace }
            if let equals = annotation.lastIndex(of: "="), equals != annotation.startIndex {
                steps.append(String(annotation[..<equals]) + " = " + String(annotation[annotation.index(after: equals)...]))
            }
            rest = rest[close.upperBound...]
        }
        return steps
    }

    /// A chain-of-draft rendering of a GSM8K reference: its calculator steps one per line, then
    /// `#### N`. A reference without annotations (about 1% of GSM8K train) gives only `#### N`;
    /// one without a final answer gives nil.
    public static func draft(of reference: String) -> String? {
        guard let answer = finalAnswer(in: reference) else { return nil }
        return (calculatorSteps(in: reference) + ["#### \(answer)"]).joined(separator: "\n")
    }
}
