import Foundation

/// The grade of a free-text answer to a SimpleQA question, by the rule of DESIGN §10:
/// - not attempted: the completion's first sentence holds an abstention phrase
///   (`abstentionPhrases`) and not the normalised reference;
/// - correct: the normalised reference occurs in the normalised first line as whole words;
/// - incorrect: everything else, including a reference that normalises to nothing.
/// External grades (`nucleus reduce --grades`) override this rule.
public enum SimpleQAGrade: String, Sendable, Codable, CaseIterable {
    case correct
    case incorrect
    case notAttempted = "not_attempted"

    /// Phrases of abstention, matched as whole words after `normalise` (so "I don't know" and
    /// "i dont know." both match). Kept short and explicit: a phrase that can be part of an answer
    /// ("unknown") is left out.
    public static let abstentionPhrases = [
        "i dont know", "i do not know", "not sure", "im not sure", "i am not sure", "cannot answer",
        "cant answer", "unable to answer", "no idea", "not certain", "i dont have", "i do not have",
        "i cannot", "i cant", "i am unable", "im unable", "not able to", "i couldnt find", "i could not find",
        "not enough information", "no information", "i am not aware", "im not aware",
    ].map(normalise)

    public init(completion: String, reference: String) {
        let answer = Self.normalise(reference)
        let firstLine = Self.firstLine(of: completion)
        let sentence = Self.normalise(Self.firstSentence(of: firstLine))
        if Self.abstentionPhrases.contains(where: { Self.containsWords(sentence, $0) }),
           answer.isEmpty || !Self.containsWords(sentence, answer) {
            self = .notAttempted
        } else if !answer.isEmpty, Self.containsWords(Self.normalise(firstLine), answer) {
            self = .correct
        } else {
            self = .incorrect
        }
    }

    /// NFKC, lower-case, punctuation removed (Unicode category P*), the articles a/an/the
    /// removed, runs of whitespace collapsed to one space, trimmed.
    public static func normalise(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        let kept = folded.unicodeScalars.filter { !$0.properties.generalCategory.isPunctuation }
        let words = String(String.UnicodeScalarView(kept)).split(whereSeparator: \.isWhitespace)
        return words.filter { !["a", "an", "the"].contains($0) }.joined(separator: " ")
    }

    /// Whether `phrase`'s words appear consecutively in `text` (both normalised).
    static func containsWords(_ text: String, _ phrase: String) -> Bool {
        guard !phrase.isEmpty else { return false }
        return " \(text) ".contains(" \(phrase) ")
    }

    /// The completion up to its first line break, leading whitespace skipped.
    public static func firstLine(of completion: String) -> String {
        let trimmed = completion.drop(while: \.isWhitespace)
        return String(trimmed.prefix { $0 != "\n" && $0 != "\r" })
    }

    /// The line up to and including the first `.`, `!` or `?` followed by whitespace or the end.
    static func firstSentence(of line: String) -> String {
        var index = line.startIndex
        while index < line.endIndex {
            let next = line.index(after: index)
            if ".!?".contains(line[index]), next == line.endIndex || line[next].isWhitespace {
                return String(line[..<next])
            }
            index = next
        }
        return line
    }
}

private extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: true
        default: false
        }
    }
}
