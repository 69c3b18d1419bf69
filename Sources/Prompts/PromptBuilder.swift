import NucleusCore

/// Turns dataset rows into prompts for one (dataset, technique) pair.
public struct PromptBuilder: Sendable {
    public let technique: Technique
    public let instruction: String?
    public let answerType: AnswerType
    /// Exemplars shown before every prompt (the technique's `shots` of them, already chosen).
    public let exemplars: [DatasetRow]
    /// Whether a chat form is built too (technique `chat`, else the job's `generation.chat`).
    public let chat: Bool

    public init(
        technique: Technique, instruction: String? = nil, answerType: AnswerType = .text,
        exemplars: [DatasetRow] = [], chat: Bool = false
    ) {
        self.technique = technique
        self.instruction = instruction
        self.answerType = answerType
        self.exemplars = exemplars
        self.chat = chat
    }

    public func build(_ row: DatasetRow) -> BuiltPrompt {
        let user = TemplateRendering.render(technique.template, [
            "prompt": taskText(row.prompt), "exemplars": exemplarBlock,
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

    private func taskText(_ prompt: String) -> String {
        guard technique.useInstruction, let instruction else { return prompt }
        return instruction + "\n\n" + prompt
    }

    private var exemplarBlock: String {
        exemplars.map { exemplar in
            let reference = ReferenceAnswer.withoutCalculatorMarks(exemplar.reference)
            let finalLine = ReferenceAnswer.finalAnswer(in: exemplar.reference).map { "#### \($0)" }
            return TemplateRendering.render(technique.exemplarTemplate, [
                "prompt": taskText(exemplar.prompt),
                "reference": reference,
                "answer": answerType == .numeric ? finalLine ?? reference : reference,
            ]) + technique.exemplarSeparator
        }.joined()
    }
}
