/// GSM8K-style accuracy of one (model, dataset, technique), over the newest attempt of each
/// prompt. A buggy prompt (no extractable answer) is never correct; "answered" excludes it.
public struct AccuracyRow: Sendable, Equatable {
    public var key: CorrelationKey
    public var prompts: Int
    /// Prompts whose kept attempt replaced an older one (reruns).
    public var replacedByRerun: Int
    /// Still buggy after merging.
    public var buggy: Int
    public var answered: Int
    public var correct: Int
    /// Correct under strict extraction alone (`#### N` / JSON), for comparison with lm-eval's strict-match.
    public var strictCorrect: Int
    /// Prompts of the cell whose reference has no numeric answer: not graded, not counted above.
    public var ungraded: Int
    public var accuracyAnswered: ProportionInterval
    public var accuracyAll: ProportionInterval
    /// Token-weighted means over the generated tokens of correct and of wrong (answered, not
    /// correct) prompts; NaN when there are none.
    public var meanEntropyCorrect: Double
    public var meanEntropyWrong: Double
    public var meanCosineCorrect: Double
    public var meanCosineWrong: Double

    /// Nil when no prompt of the cell has a numeric reference answer.
    static func compute(key: CorrelationKey, prompts: [GradedPrompt]) -> AccuracyRow? {
        let graded = prompts.filter { $0.grade != nil }
        guard !graded.isEmpty else { return nil }
        let buggy = graded.count { $0.isBuggy }
        let correct = graded.filter(\.isCorrect)
        let wrong = graded.filter { !$0.isBuggy && !$0.isCorrect }
        func mean(_ group: [GradedPrompt], _ sum: KeyPath<GradedPrompt, Double>, _ count: KeyPath<GradedPrompt, Int>) -> Double {
            let n = group.reduce(0) { $0 + $1[keyPath: count] }
            return n == 0 ? .nan : group.map { $0[keyPath: sum] }.compensatedSum() / Double(n)
        }
        return AccuracyRow(
            key: key, prompts: graded.count, replacedByRerun: graded.count(where: \.replacedByRerun), buggy: buggy,
            answered: graded.count - buggy, correct: correct.count,
            strictCorrect: graded.count { $0.grade?.isStrictCorrect == true },
            ungraded: prompts.count - graded.count,
            accuracyAnswered: Statistics.wilsonInterval(successes: correct.count, trials: graded.count - buggy),
            accuracyAll: Statistics.wilsonInterval(successes: correct.count, trials: graded.count),
            meanEntropyCorrect: mean(correct, \.entropySum, \.entropyCount),
            meanEntropyWrong: mean(wrong, \.entropySum, \.entropyCount),
            meanCosineCorrect: mean(correct, \.cosineSum, \.cosineCount),
            meanCosineWrong: mean(wrong, \.cosineSum, \.cosineCount))
    }
}
