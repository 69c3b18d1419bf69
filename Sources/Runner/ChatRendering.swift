import NucleusCore
import Prompts
import Tokenizer

/// The model's chat template, chosen by the job's `chat_template` setting: the checkpoint's own
/// (`auto`), a named family, or none.
/// `date` replaces a Llama 3.1+ template's "Today Date".
func chatTemplate(for choice: ChatTemplateChoice, date: String?, tokenizer: Tokenizer) -> ChatTemplate {
    let template = namedTemplate(choice, tokenizer: tokenizer)
    return date.map(template.dated) ?? template
}

private func namedTemplate(_ choice: ChatTemplateChoice, tokenizer: Tokenizer) -> ChatTemplate {
    switch choice {
    case .none: return .none
    case .auto: return tokenizer.chatTemplate
    case .chatml:
        if case .chatML = tokenizer.chatTemplate { return tokenizer.chatTemplate }
        return .chatML(defaultSystemPrompt: nil)
    case .llama3: return .llama3
    case .llama31:
        if case .llama31 = tokenizer.chatTemplate { return tokenizer.chatTemplate }
        return .llama31(date: ChatTemplate.llama31DefaultDate)
    case .mistral: return .mistral
    case .deepseek: return .deepSeek
    case .gemma: return .gemma
    }
}

/// Prompt text for one built prompt: the chat rendering when the job asks for chat and the model
/// has a template, else the plain text.
///
/// The template's own leading BOS text (Llama 3, Mistral, DeepSeek, Gemma) is left out: the
/// caller encodes this text with `Tokenizer.encode`, which adds BOS per the checkpoint's
/// `add_bos_token` (set for those families), so keeping it would give two. Callers that encode
/// with `Tokenizer.encodeChatPrompt` may keep it instead.
func promptText(_ prompt: BuiltPrompt, template: ChatTemplate) -> String {
    guard let chat = prompt.chat, template != .none else { return prompt.plain }
    let messages = chat.messages.map { Tokenizer.ChatMessageOfTokenizer(role: $0.role.rawValue, content: $0.content) }
    var text = template.render(messages, addGenerationPrompt: true) + chat.assistantPrefix
    if let bos = template.bosText, text.hasPrefix(bos) { text.removeFirst(bos.count) }
    return text
}
