import Prompts

/// One merged prompt with its answer graded (when its reference has a numeric answer):
/// a line of `report/prompts.csv`.
public struct GradedPrompt: Sendable, Equatable {
    public var key: CorrelationKey
    public var sample: Int
    /// The technique's perturbation of the prompt ("" for none).
    public var perturbation: String
    public var unitID: String
    public var row: Int
    /// The attempt kept (the newest), and whether it replaced an older one (a rerun).
    public var attempt: Int
    public var replacedByRerun: Bool
    public var finishReason: String
    public var generated: Int
    /// Nil when the reference has no numeric answer (not a GSM8K-style prompt).
    public var grade: AnswerGrade?
    /// Mean entropy and cosine over the prompt's generated tokens (cosine over defined values).
    public var entropySum: Double
    public var entropyCount: Int
    public var cosineSum: Double
    public var cosineCount: Int

    init(_ prompt: PromptTokens, replaced: Bool) {
        key = prompt.key
        sample = prompt.sample
        perturbation = prompt.perturbation
        unitID = prompt.unitID
        row = prompt.row
        attempt = prompt.attempt
        replacedByRerun = replaced
        finishReason = prompt.prompt.finishReason
        generated = prompt.prompt.generatedCount
        let graded = AnswerGrade(completion: prompt.prompt.completionText, reference: prompt.prompt.reference)
        grade = graded.reference == nil ? nil : graded
        let entropy = prompt.entropy.filter(\.isFinite)
        let cosine = prompt.nucleusCosine.filter(\.isFinite)
        entropySum = entropy.compensatedSum()
        entropyCount = entropy.count
        cosineSum = cosine.compensatedSum()
        cosineCount = cosine.count
    }

    public var isBuggy: Bool { grade?.isBuggy ?? false }
    public var isCorrect: Bool { grade?.isCorrect ?? false }
}
