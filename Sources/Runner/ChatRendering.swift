import NucleusCore
import Prompts
import Tokenizer

/// The model's chat template, chosen by the job's `chat_template` setting.
func chatTemplate(for choice: ChatTemplateChoice, tokenizer: Tokenizer) -> ChatTemplate {
    switch choice {
    case .none: return .none
    case .auto: return tokenizer.chatTemplate
    case .chatml:
        if case .chatML = tokenizer.chatTemplate { return tokenizer.chatTemplate }
        return .chatML(defaultSystemPrompt: nil)
    }
}

/// Prompt text for one built prompt: the chat rendering when the job asks for chat and the model
/// has a template, else the plain text.
func promptText(_ prompt: BuiltPrompt, template: ChatTemplate) -> String {
    guard let chat = prompt.chat, template != .none else { return prompt.plain }
    let messages = chat.messages.map { Tokenizer.ChatMessageOfTokenizer(role: $0.role.rawValue, content: $0.content) }
    return template.render(messages, addGenerationPrompt: true) + chat.assistantPrefix
}
