import NucleusCore

/// A prompting technique, fully resolved: how a dataset row becomes a prompt.
///
/// Rendering (see `PromptBuilder`): the user text is `template` with `{prompt}` (the row's
/// prompt, after the dataset's instruction when `useInstruction`) and `{exemplars}` (the few-shot
/// block). Plain prompts are `system` + blank line + user text + newline + `answerCue`; chat
/// prompts put `system` in a system message, the user text in a user message, and the cue in
/// front of the assistant's reply.
public struct Technique: Sendable, Equatable, Codable {
    public var name: String
    public var system: String?
    /// Appended to the system text when the dataset's answers are numeric.
    public var numericAnswerFormat: String?
    public var template: String
    public var shots: Int
    /// One exemplar: `{prompt}`, `{reference}` (GSM8K calculator marks `<<…>>` removed),
    /// `{answer}` (`#### N` for numeric datasets, else the reference) and `{draft}` (numeric:
    /// the calculator steps `<<48/2=24>>` as `48/2 = 24`, one per line, then `#### N`; else the
    /// reference).
    public var exemplarTemplate: String
    /// After each exemplar in the `{exemplars}` block.
    public var exemplarSeparator: String
    public var answerCue: String?
    /// nil follows `generation.chat`; false forces plain prompts.
    public var chat: Bool?
    public var useInstruction: Bool
    /// Applied to the dataset text of every prompt (nil: none); encoded only when set, so the
    /// definitions of other techniques, and the job hashes over them, are unchanged.
    public var perturbation: Perturbation? = nil
    /// The technique this one perturbs (its `base`), which the reducer compares it with.
    public var perturbationBase: String? = nil

    public init(
        name: String, system: String? = nil, numericAnswerFormat: String? = nil,
        template: String = "{exemplars}{prompt}", shots: Int = 0,
        exemplarTemplate: String = "{prompt}\n{answer}", exemplarSeparator: String = "\n\n",
        answerCue: String? = nil, chat: Bool? = nil, useInstruction: Bool = true
    ) {
        self.name = name
        self.system = system
        self.numericAnswerFormat = numericAnswerFormat
        self.template = template
        self.shots = shots
        self.exemplarTemplate = exemplarTemplate
        self.exemplarSeparator = exemplarSeparator
        self.answerCue = answerCue
        self.chat = chat
        self.useInstruction = useInstruction
    }

    /// This technique with the fields `definition` sets replaced, renamed to its name.
    func overridden(by definition: TechniqueDefinition) -> Technique {
        var technique = self
        technique.name = definition.name
        if let system = definition.system { technique.system = system.isEmpty ? nil : system }
        if let format = definition.numericAnswerFormat { technique.numericAnswerFormat = format.isEmpty ? nil : format }
        if let template = definition.template { technique.template = template }
        if let shots = definition.shots { technique.shots = shots }
        if let exemplar = definition.exemplarTemplate { technique.exemplarTemplate = exemplar }
        if let separator = definition.exemplarSeparator { technique.exemplarSeparator = separator }
        if let cue = definition.answerCue { technique.answerCue = cue.isEmpty ? nil : cue }
        if let chat = definition.chat { technique.chat = chat }
        if let useInstruction = definition.useInstruction { technique.useInstruction = useInstruction }
        if let perturbation = definition.perturbation {
            technique.perturbation = perturbation
            technique.perturbationBase = definition.base
        }
        return technique
    }
}
