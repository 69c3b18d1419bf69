import Foundation
import NucleusCore
import Store

/// The per-token columns the correlation needs, for one prompt of one unit attempt.
struct PromptTokens: Sendable {
    var unitID: String
    var row: Int
    var attempt: Int
    var key: CorrelationKey
    /// The cell's sample index.
    var sample: Int
    /// The unit file it came from.
    var source: URL
    /// Texts and counts of the prompt in that attempt (completion, reference, finish reason).
    var prompt: PromptRecord
    /// The dataset's shape as the unit file records it (nil in older files).
    var datasetShape: String?
    /// The dataset's answer type as the unit file records it (nil in older files).
    var answerType: String? = nil
    /// Whether a reference that holds a number is graded as the answer (accuracy, self-consistency):
    /// not in a text-answer dataset, whose reference may merely look like one (a year). Files from
    /// before `answer_type` was recorded keep the old rule.
    var gradesNumericAnswers: Bool { answerType != AnswerType.text.rawValue }
    var entropy: [Double]
    var nucleusCosine: [Double]
    /// Varentropy of the output distribution per generated token (empty when not read).
    var varentropy: [Double] = []
    /// Summaries of the attention columns; nil when the unit file has none.
    var attention: PromptAttention?
    /// The generated token ids, for the determinism of samples (compared by ids, not text).
    var tokenIDs: [Int32]
    /// The technique's perturbation and the technique it perturbs ("" when none).
    var perturbation = ""
    var perturbationBase = ""
    /// eᵢ, the mean input embedding of the generated ids, where the unit file stores one and it is
    /// defined (`/prompts/embedding_mean`).
    var embeddingMean: [Double]? = nil
}
