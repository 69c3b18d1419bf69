/// How one completion fares against its GSM8K reference.
///
/// The rule: the answer used is the strict answer (`#### N` or `{"answer": N}`, first one in the
/// completion) when there is one, else the flexible answer (the last number in the completion).
/// A completion with neither is buggy: it is rerun, and never counted as correct. It is correct
/// when the answer used equals the reference's answer (its `#### N`) exactly, after
/// normalisation (`AnswerNumber`); a reference without an answer makes every completion wrong.
public struct AnswerGrade: Sendable, Equatable, Codable {
    /// From `AnswerExtraction.strict`.
    public let strict: AnswerNumber?
    /// From `AnswerExtraction.flexible`.
    public let flexible: AnswerNumber?
    /// From `AnswerExtraction.reference`.
    public let reference: AnswerNumber?

    public init(strict: AnswerNumber?, flexible: AnswerNumber?, reference: AnswerNumber?) {
        self.strict = strict
        self.flexible = flexible
        self.reference = reference
    }

    /// Grades `completion` against a GSM8K `reference` (text ending `#### N`).
    public init(completion: String, reference: String) {
        self.init(
            strict: AnswerExtraction.strict(completion), flexible: AnswerExtraction.flexible(completion),
            reference: AnswerExtraction.reference(reference))
    }

    /// The strict answer, else the flexible one.
    public var used: AnswerNumber? { strict ?? flexible }

    /// No answer could be extracted at all.
    public var isBuggy: Bool { used == nil }

    /// The answer used equals the reference's.
    public var isCorrect: Bool { Self.matches(used, reference) }

    /// lm-evaluation-harness' strict-match: only a strict answer counts.
    public var isStrictCorrect: Bool { Self.matches(strict, reference) }

    /// lm-evaluation-harness' flexible-extract: only the last number counts.
    public var isFlexibleCorrect: Bool { Self.matches(flexible, reference) }

    private static func matches(_ answer: AnswerNumber?, _ reference: AnswerNumber?) -> Bool {
        guard let answer, let reference else { return false }
        return answer == reference
    }
}
