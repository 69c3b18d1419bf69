import NucleusCore

/// The techniques a job file can name without defining them. On numeric datasets every one asks
/// for the answer as `#### N` (what `AnswerExtraction.strict` reads), and its exemplars show that
/// format: baseline only `#### N`, chain-of-thought the reference reasoning (calculator marks
/// removed) ending `#### N`, chain-of-draft one terse equation per step ending `#### N`.
public enum BuiltInTechniques {
    private static let numericFormat =
        "End your response with the final answer as a number on its own line, in the form '#### N'."

    /// Answer directly, no reasoning.
    public static let baseline = Technique(
        name: "baseline",
        system: "Answer directly, without explaining your reasoning.",
        numericAnswerFormat: numericFormat,
        template: "{exemplars}Question: {prompt}",
        exemplarTemplate: "Question: {prompt}\nAnswer: {answer}",
        answerCue: "Answer:")

    /// Reason step by step before answering.
    public static let chainOfThought = Technique(
        name: "chain-of-thought",
        system: "Think step by step, then give the answer.",
        numericAnswerFormat: numericFormat,
        template: "{exemplars}Question: {prompt}",
        exemplarTemplate: "Question: {prompt}\nAnswer: {reference}",
        answerCue: "Answer: Let's think step by step.")

    /// Reason step by step in terse drafts (at most five words per step), after Xu et al. 2025,
    /// "Chain of Draft: Thinking Faster by Writing Less".
    public static let chainOfDraft = Technique(
        name: "chain-of-draft",
        system: "Think step by step, but write only a minimal draft of each step, five words at most.",
        numericAnswerFormat: numericFormat,
        template: "{exemplars}Question: {prompt}",
        exemplarTemplate: "Question: {prompt}\nAnswer: {draft}",
        answerCue: "Answer:")

    /// The prompt text as is, never chat-wrapped: story openings and factual completions.
    public static let completion = Technique(
        name: "completion", template: "{prompt}", exemplarTemplate: "{prompt}{reference}",
        chat: false, useInstruction: false)

    /// All built-ins by name.
    public static let all: [String: Technique] = Dictionary(
        uniqueKeysWithValues: [baseline, chainOfThought, chainOfDraft, completion].map { ($0.name, $0) })

    /// Sorted names, for error messages.
    public static var names: [String] { all.keys.sorted() }

    /// Resolves a job file entry: a built-in by name, or an inline definition over its `base`
    /// (or over the built-in of the same name, or over `Technique`'s plain defaults).
    /// - Throws: `JobSpecError` at `techniques[i]` for an unknown name or base.
    public static func resolve(_ spec: TechniqueSpec, at index: Int, in job: JobSpec) throws -> Technique {
        switch spec {
        case .named(let name):
            guard let technique = all[name] else {
                throw job.error(
                    at: "techniques[\(index)]",
                    "unknown technique '\(name)' (expected one of: \(names.joined(separator: ", ")))")
            }
            return technique
        case .inline(let definition):
            let start: Technique
            if let base = definition.base {
                guard let technique = all[base] else {
                    throw job.error(
                        at: "techniques[\(index)].base",
                        "unknown technique '\(base)' (expected one of: \(names.joined(separator: ", ")))")
                }
                start = technique
            } else {
                start = all[definition.name] ?? Technique(name: definition.name)
            }
            return start.overridden(by: definition)
        }
    }
}
