import NucleusCore
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
    /// SimpleQA datasets: the grade in effect (an external one when `--grades` names the prompt).
    public var textGrade: SimpleQAGrade?
    /// SimpleQA datasets: the rule's own grade.
    public var ruleTextGrade: SimpleQAGrade?
    public var textGradeIsExternal = false
    public var completion: String
    public var reference: String
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
        completion = prompt.prompt.completionText
        reference = prompt.prompt.reference
        if prompt.datasetShape == DatasetShape.simpleqa.rawValue {
            ruleTextGrade = SimpleQAGrade(completion: completion, reference: reference)
            textGrade = ruleTextGrade
        } else if prompt.gradesNumericAnswers {
            let graded = AnswerGrade(completion: completion, reference: reference)
            grade = graded.reference == nil ? nil : graded
        }
        let entropy = prompt.entropy.filter(\.isFinite)
        let cosine = prompt.nucleusCosine.filter(\.isFinite)
        entropySum = entropy.compensatedSum()
        entropyCount = entropy.count
        cosineSum = cosine.compensatedSum()
        cosineCount = cosine.count
    }

    /// Replaces the rule's SimpleQA grade by an external grader's.
    mutating func applyExternalGrade(_ external: SimpleQAGrade) {
        guard ruleTextGrade != nil else { return }
        textGrade = external
        textGradeIsExternal = true
    }

    public var isBuggy: Bool { grade?.isBuggy ?? false }
    public var isCorrect: Bool { grade?.isCorrect ?? false }
}
