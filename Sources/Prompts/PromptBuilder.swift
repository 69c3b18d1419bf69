import NucleusCore

/// Turns dataset rows into prompts for one (dataset, technique) pair.
public struct PromptBuilder: Sendable {
    public let technique: Technique
    public let instruction: String?
    public let answerType: AnswerType
    /// Exemplars shown before every prompt (the technique's `shots` of them, already chosen).
    public let exemplars: [DatasetRow]
    /// Shown instead of an exemplar that is the prompt's own question (same prompt text), so a
    /// prompt never carries its own answer; without a spare that exemplar is just left out.
    public let spareExemplar: DatasetRow?
    /// Whether a chat form is built too (technique `chat`, else the job's `generation.chat`).
    public let chat: Bool

    public init(
        technique: Technique, instruction: String? = nil, answerType: AnswerType = .text,
        exemplars: [DatasetRow] = [], spareExemplar: DatasetRow? = nil, chat: Bool = false
    ) {
        self.technique = technique
        self.instruction = instruction
        self.answerType = answerType
        self.exemplars = exemplars
        self.spareExemplar = spareExemplar
        self.chat = chat
    }

    public func build(_ row: DatasetRow) -> BuiltPrompt {
        let user = TemplateRendering.render(technique.template, [
            "prompt": taskText(technique.perturbation?.apply(to: row.prompt, row: row.index) ?? row.prompt),
            "exemplars": exemplarBlock(for: row),
        ])
        let system = systemText
        var plain = [system, user].compactMap { $0 }.joined(separator: "\n\n")
        if let cue = technique.answerCue { plain += "\n" + cue }
        var chatPrompt: ChatPrompt?
        if chat {
            var messages = system.map { [ChatMessage(role: .system, content: $0)] } ?? []
            messages.append(ChatMessage(role: .user, content: user))
            chatPrompt = ChatPrompt(messages: messages, assistantPrefix: technique.answerCue ?? "")
        }
        return BuiltPrompt(row: row, plain: plain, chat: chatPrompt)
    }

    /// The technique's system text, with the answer format for numeric datasets.
    var systemText: String? {
        let parts = [technique.system, answerType == .numeric ? technique.numericAnswerFormat : nil].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The exemplars `row` is shown: its own question swapped for the spare.
    func exemplars(for row: DatasetRow) -> [DatasetRow] {
        func isOwnQuestion(_ exemplar: DatasetRow) -> Bool { exemplar.prompt == row.prompt }
        guard exemplars.contains(where: isOwnQuestion) else { return exemplars }
        let spare = spareExemplar.flatMap { isOwnQuestion($0) ? nil : [$0] } ?? []
        return exemplars.filter { !isOwnQuestion($0) } + spare
    }

    private func taskText(_ prompt: String) -> String {
        guard technique.useInstruction, let instruction else { return prompt }
        return instruction + "\n\n" + prompt
    }

    private func exemplarBlock(for row: DatasetRow) -> String {
        exemplars(for: row).map { exemplar in
            TemplateRendering.render(technique.exemplarTemplate, exemplarValues(exemplar)) + technique.exemplarSeparator
        }.joined()
    }

    /// Placeholder values of one exemplar; see `Technique.exemplarTemplate`.
    private func exemplarValues(_ exemplar: DatasetRow) -> [String: String] {
        let reference = ReferenceAnswer.withoutCalculatorMarks(exemplar.reference)
        guard answerType == .numeric, let answer = ReferenceAnswer.finalAnswer(in: exemplar.reference) else {
            return ["prompt": taskText(exemplar.prompt), "reference": reference, "answer": reference, "draft": reference]
        }
        return [
            "prompt": taskText(exemplar.prompt),
            "reference": reference,
            "answer": "#### \(answer)",
            "draft": ReferenceAnswer.draft(of: exemplar.reference) ?? "#### \(answer)",
        ]
    }
}
