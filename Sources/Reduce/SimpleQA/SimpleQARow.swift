import Prompts

/// SimpleQA grades of one (model, dataset, technique) over the newest attempt of each prompt:
/// the three rates with Wilson intervals, accuracy given attempted, and simple-evals' F-score
/// (harmonic mean of accuracy over all and accuracy given attempted).
public struct SimpleQARow: Sendable, Equatable {
    public var key: CorrelationKey
    public var prompts: Int
    public var correct: Int
    public var incorrect: Int
    public var notAttempted: Int
    /// Prompts whose grade came from `--grades` instead of the rule.
    public var externallyGraded: Int
    public var correctRate: ProportionInterval
    public var incorrectRate: ProportionInterval
    public var notAttemptedRate: ProportionInterval
    public var accuracyGivenAttempted: ProportionInterval
    /// NaN when either accuracy is undefined or both are 0.
    public var fScore: Double

    /// Nil when no prompt of the cell has a SimpleQA grade.
    static func compute(key: CorrelationKey, prompts: [GradedPrompt]) -> SimpleQARow? {
        compute(key: key, grades: prompts.compactMap(\.textGrade), external: prompts.count(where: { $0.textGradeIsExternal }))
    }

    static func computeForTesting(grades: [SimpleQAGrade]) -> SimpleQARow? {
        compute(key: CorrelationKey(model: "m", dataset: "d", technique: "t"), grades: grades, external: 0)
    }

    private static func compute(key: CorrelationKey, grades: [SimpleQAGrade], external: Int) -> SimpleQARow? {
        guard !grades.isEmpty else { return nil }
        let correct = grades.count(where: { $0 == .correct })
        let incorrect = grades.count(where: { $0 == .incorrect })
        let notAttempted = grades.count - correct - incorrect
        let all = Statistics.wilsonInterval(successes: correct, trials: grades.count)
        let attempted = Statistics.wilsonInterval(successes: correct, trials: correct + incorrect)
        let sum = all.proportion + attempted.proportion
        return SimpleQARow(
            key: key, prompts: grades.count, correct: correct, incorrect: incorrect, notAttempted: notAttempted,
            externallyGraded: external,
            correctRate: all, incorrectRate: Statistics.wilsonInterval(successes: incorrect, trials: grades.count),
            notAttemptedRate: Statistics.wilsonInterval(successes: notAttempted, trials: grades.count),
            accuracyGivenAttempted: attempted,
            fScore: sum > 0 ? 2 * all.proportion * attempted.proportion / sum : .nan)
    }
}
