/// One message of a chat prompt; the Tokenizer target renders these with the model's template.
public struct ChatMessage: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// A chat prompt: messages, then text the assistant's reply starts with (after the template's
/// generation prompt; empty for none).
public struct ChatPrompt: Sendable, Equatable, Codable {
    public var messages: [ChatMessage]
    public var assistantPrefix: String

    public init(messages: [ChatMessage], assistantPrefix: String = "") {
        self.messages = messages
        self.assistantPrefix = assistantPrefix
    }
}

/// What the model is given for one dataset row.
public struct BuiltPrompt: Sendable, Equatable {
    public let row: DatasetRow
    /// The prompt as plain text: used when chat is off, or the model has no chat template.
    public let plain: String
    /// The same prompt as chat messages, when the technique and job ask for chat.
    public let chat: ChatPrompt?

    public init(row: DatasetRow, plain: String, chat: ChatPrompt?) {
        self.row = row
        self.plain = plain
        self.chat = chat
    }
}
