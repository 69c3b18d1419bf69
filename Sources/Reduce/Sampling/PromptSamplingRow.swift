import Prompts

/// The samples of one prompt (dataset row) in one cell — model × dataset × technique × settings —
/// with their determinism, diversity and, for GSM8K references, self-consistency: a line of
/// `report/sampling_prompts.csv`.
public struct PromptSamplingRow: Sendable, Equatable {
    public var key: CorrelationKey
    public var row: Int
    /// Completions pooled (one per sample index that did not fail at run time).
    public var samples: Int
    public var agreement: CompletionAgreement
    /// Diversity over this prompt's completions.
    public var diversity: DiversityValues
    /// Nil unless the reference has a numeric (GSM8K) answer.
    public var selfConsistency: SelfConsistency?
    /// The technique's perturbation ("" for none) and, when the unperturbed technique's samples
    /// of the same row and settings are in the results, the agreement with them.
    public var perturbation: String
    public var unperturbed: UnperturbedAgreement?
    /// The modal completion's text and extracted answer, which perturbed prompts are compared with.
    var modalText: String
    var modalAnswer: String?
    var sampleTokenIDs: [[Int32]]
    var sampleAnswers: [String?]

    /// Agreement of a perturbed prompt's samples with the unperturbed prompt's modal completion.
    public struct UnperturbedAgreement: Sendable, Equatable {
        /// Share of samples whose token ids equal the unperturbed modal completion's.
        public var exact: Double
        /// Share of samples whose extracted answer equals the unperturbed modal completion's
        /// (GSM8K references only; a sample without an answer does not agree).
        public var answer: Double?
    }

    /// The majority answer (ties: the answer of the smallest sample index) beside single samples.
    public struct SelfConsistency: Sendable, Equatable {
        public var majorityAnswer: String?
        public var majorityCorrect: Bool
        /// Share of the samples whose own answer is correct: the expected single-sample accuracy.
        public var singleSampleAccuracy: Double
    }

    /// `prompts`: the merged prompts of one cell and row, any order (sorted here by sample index).
    init?(key: CorrelationKey, row: Int, prompts: [PromptTokens]) {
        let ordered = prompts.filter { !$0.prompt.failed }.sorted { $0.sample < $1.sample }
        guard let agreement = CompletionAgreement(samples: ordered.map(\.tokenIDs)) else { return nil }
        self.key = key
        self.row = row
        samples = ordered.count
        self.agreement = agreement
        diversity = DiversityValues(ordered.map(\.prompt.completionText), embeddings: ordered.compactMap(\.embeddingMean))
        let grades = ordered.map { AnswerGrade(completion: $0.prompt.completionText, reference: $0.prompt.reference) }
        perturbation = ordered.first?.perturbation ?? ""
        let modalIndex = ordered.firstIndex { $0.tokenIDs == agreement.modalCompletion } ?? 0
        modalText = ordered[modalIndex].prompt.completionText
        sampleTokenIDs = ordered.map(\.tokenIDs)
        sampleAnswers = grades.map { $0.used?.canonical }
        modalAnswer = sampleAnswers[modalIndex]
        if let reference = grades.first?.reference, ordered.first?.gradesNumericAnswers ?? false {
            let majority = MajorityAnswer.of(grades.map { $0.used?.canonical })
            selfConsistency = SelfConsistency(
                majorityAnswer: majority, majorityCorrect: majority == reference.canonical,
                singleSampleAccuracy: Double(grades.count { $0.isCorrect }) / Double(grades.count))
        }
    }
}
