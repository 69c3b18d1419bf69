import Foundation

/// Reads numeric answers out of model completions (see `AnswerNumber` for how numbers are
/// written and normalised).
public enum AnswerExtraction {
    /// The answer given in an explicit answer format, or nil:
    /// - `#### N`: the marker, optional spaces, tabs or markdown `*`, then a number (`#### $1,234.`);
    /// - a JSON object with an `answer` member that is a number or a numeric string
    ///   (`{"answer": 18}`, `{"reasoning": "…", "answer": "1,234"}`).
    ///
    /// When several appear, the FIRST one in the text wins, as in lm-evaluation-harness' gsm8k
    /// strict-match: a model that keeps going after its answer tends to invent a new question and
    /// answer that too, so later markers are not its answer to this question. A `####` not
    /// followed by a number (`#### The answer is 5`) is skipped.
    public static func strict(_ completion: String) -> AnswerNumber? {
        let scalars = Array(completion.unicodeScalars)
        let marked = markedAnswer(in: scalars)
        let json = jsonAnswer(in: scalars)
        switch (marked, json) {
        case let (marked?, json?): return marked.start <= json.start ? marked.value : json.value
        case let (marked?, nil): return marked.value
        case let (nil, json?): return json.value
        case (nil, nil): return nil
        }
    }

    /// The last number anywhere in the text, or nil when it holds none.
    public static func flexible(_ completion: String) -> AnswerNumber? {
        NumberScanner.numbers(in: completion).last?.value
    }

    /// The answer of a GSM8K reference ("reasoning … #### 72"): the number after the LAST
    /// `####` followed by one (references put it at the very end); else the whole reference when
    /// it is just a number (`"72"`, for datasets storing bare answers); else nil.
    public static func reference(_ reference: String) -> AnswerNumber? {
        let scalars = Array(reference.unicodeScalars)
        return markers(in: scalars).compactMap { number(afterMarkerAt: $0, in: scalars) }.last?.value
            ?? AnswerNumber(reference)
    }

    // MARK: - `#### N`

    private static let marker = Array("####".unicodeScalars)

    private static func markedAnswer(in scalars: [Unicode.Scalar]) -> FoundNumber? {
        for start in markers(in: scalars) {
            if let found = number(afterMarkerAt: start, in: scalars) { return found }
        }
        return nil
    }

    /// Starts of `####` runs; a longer run of `#` counts once, at its last four.
    private static func markers(in scalars: [Unicode.Scalar]) -> [Int] {
        guard scalars.count >= marker.count else { return [] }
        var starts: [Int] = []
        var position = 0
        while position + marker.count <= scalars.count {
            if scalars[position..<(position + marker.count)].elementsEqual(marker) {
                var end = position + marker.count
                while end < scalars.count, scalars[end] == "#" { end += 1 }
                starts.append(end - marker.count)
                position = end
            } else {
                position += 1
            }
        }
        return starts
    }

    private static func number(afterMarkerAt start: Int, in scalars: [Unicode.Scalar]) -> FoundNumber? {
        var position = start + marker.count
        while position < scalars.count, [" ", "\t", "*"].contains(scalars[position]) { position += 1 }
        guard let found = NumberScanner.number(at: position, in: scalars) else { return nil }
        return FoundNumber(value: found.value, start: start, end: found.end)
    }

    // MARK: - `{"answer": N}`

    private static func jsonAnswer(in scalars: [Unicode.Scalar]) -> FoundNumber? {
        var position = 0
        while position < scalars.count {
            guard scalars[position] == "{", let end = closingBrace(from: position, in: scalars) else {
                position += 1
                continue
            }
            let text = String(String.UnicodeScalarView(scalars[position...end]))
            if let value = answerMember(of: text) {
                return FoundNumber(value: value, start: position, end: end + 1)
            }
            position += 1
        }
        return nil
    }

    /// Index of the `}` matching the `{` at `open`, skipping braces inside JSON strings.
    private static func closingBrace(from open: Int, in scalars: [Unicode.Scalar]) -> Int? {
        var depth = 0
        var inString = false
        var position = open
        while position < scalars.count {
            let scalar = scalars[position]
            if inString {
                if scalar == "\\" { position += 1 } else if scalar == "\"" { inString = false }
            } else if scalar == "\"" {
                inString = true
            } else if scalar == "{" {
                depth += 1
            } else if scalar == "}" {
                depth -= 1
                if depth == 0 { return position }
            }
            position += 1
        }
        return nil
    }

    private static let numberMember = try? NSRegularExpression(
        pattern: #"^\{(?:.*?[,{]\s*)?"answer"\s*:\s*(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*[,}]"#,
        options: [.dotMatchesLineSeparators])

    /// The numeric `answer` member of a JSON object's text. Numbers are read from the text
    /// itself, since JSONSerialization would round them through Double.
    private static func answerMember(of text: String) -> AnswerNumber? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let value = object["answer"] else { return nil }
        if let string = value as? String { return AnswerNumber(string) }
        guard !(value is String), let regex = numberMember,
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return AnswerNumber(jsonNumber: String(text[range]))
    }
}
