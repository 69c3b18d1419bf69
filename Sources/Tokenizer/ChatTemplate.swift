import Foundation

/// One turn of a conversation.
public struct ChatMessage: Sendable, Equatable {
    /// "system", "user" or "assistant".
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// How a conversation becomes prompt text. Recognised from the model's Jinja template rather than
/// by running Jinja; families to add later: llama3, mistral, gemma, deepseek.
public enum ChatTemplate: Sendable, Equatable {
    /// No template: the contents joined by newlines, no role markers.
    case none
    /// `<|im_start|>{role}\n{content}<|im_end|>\n` per message. With a default system prompt (SmolLM2,
    /// Qwen2), a system message carrying it is put first when the conversation does not start with one.
    case chatML(defaultSystemPrompt: String?)

    /// The family of a Jinja template: ChatML when it mentions `<|im_start|>`. A literal
    /// `<|im_start|>system\n…<|im_end|>` in the template is taken as its default system prompt.
    public init(detectingFrom source: String?) {
        guard let source, source.contains("<|im_start|>") else {
            self = .none
            return
        }
        self = .chatML(defaultSystemPrompt: Self.literalSystemPrompt(in: source))
    }

    /// The prompt text for `messages`; `addGenerationPrompt` opens the assistant's turn.
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool) -> String {
        switch self {
        case .none:
            return messages.map(\.content).joined(separator: "\n")
        case .chatML(let defaultSystemPrompt):
            var text = ""
            if let defaultSystemPrompt, messages.first?.role != "system" {
                text += Self.chatMLTurn(role: "system", content: defaultSystemPrompt)
            }
            for message in messages { text += Self.chatMLTurn(role: message.role, content: message.content) }
            if addGenerationPrompt { text += "<|im_start|>assistant\n" }
            return text
        }
    }

    private static func chatMLTurn(role: String, content: String) -> String {
        "<|im_start|>\(role)\n\(content)<|im_end|>\n"
    }

    /// The text between a literal `<|im_start|>system\n` and the next `<|im_end|>`, when it holds no
    /// Jinja syntax (a template that inserts `message['content']` there has no default).
    private static func literalSystemPrompt(in source: String) -> String? {
        guard let opening = source.range(of: "<|im_start|>system\n"),
              let closing = source.range(of: "<|im_end|>", range: opening.upperBound..<source.endIndex)
        else { return nil }
        let prompt = String(source[opening.upperBound..<closing.lowerBound])
        let jinjaMarkers = ["{{", "{%", "' +", "+ '", "message["]
        return jinjaMarkers.contains(where: prompt.contains) ? nil : prompt
    }
}
