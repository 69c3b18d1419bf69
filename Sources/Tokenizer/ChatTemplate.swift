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

/// How a conversation becomes prompt text: the chat formats of the common model families,
/// recognised from the checkpoint's Jinja template by their distinctive markers (as llama.cpp
/// does) rather than by running Jinja, or named in the job file.
///
/// `render` gives the same bytes as transformers' `apply_chat_template(tokenize=False)` with the
/// family's official template (fixtures: scripts/fixtures/chat_templates.py), with two documented
/// departures where that template would raise: Mistral and Gemma templates reject a system
/// message, so a leading one is put before the first user message's content followed by a blank
/// line (Gemma 3's own rule); roles that do not alternate are rendered as given.
///
/// BOS: like the templates it mirrors, the text starts with the family's BOS token text
/// (`bosText`) for Llama-3, Mistral, DeepSeek and Gemma, and with none for ChatML. Encode it with
/// `Tokenizer.encodeChatPrompt`, which then does not add a second BOS.
public enum ChatTemplate: Sendable, Equatable {
    /// No template: the contents joined by newlines, no role markers.
    case none
    /// `<|im_start|>{role}\n{content}<|im_end|>\n` per message (Qwen, SmolLM). With a default system
    /// prompt (SmolLM2, Qwen2), a system message carrying it is put first when the conversation does
    /// not start with one.
    case chatML(defaultSystemPrompt: String?)
    /// Meta Llama 3: `<|begin_of_text|>`, then `<|start_header_id|>{role}<|end_header_id|>\n\n{content,
    /// trimmed}<|eot_id|>` per message.
    case llama3
    /// Meta Llama 3.1+: Llama 3's turns after a system block that is always written: "Cutting
    /// Knowledge Date: December 2023", "Today Date: {date}", then the conversation's system message
    /// (trimmed) if it starts with one. `date` is the template's default (`date_string`, "26 Jul
    /// 2024" in Llama 3.1) unless the job names one: a clock-dependent date would make prompts, and
    /// so results, depend on the day a unit runs.
    case llama31(date: String)
    /// Mistral Instruct v0.1/v0.2: `<s>`, then `[INST] {user} [/INST]` and `{assistant}</s>`.
    case mistral
    /// DeepSeek LLM / V2 chat: `<｜begin▁of▁sentence｜>`, then `User: {user}\n\n`,
    /// `Assistant: {assistant}<｜end▁of▁sentence｜>`, `{system}\n\n`; the generation prompt is `Assistant:`.
    case deepSeek
    /// Google Gemma: `<bos>`, then `<start_of_turn>{user|model}\n{content, trimmed}<end_of_turn>\n`.
    case gemma

    /// The family of a Jinja template, from markers checked in this order: `<|im_start|>` (ChatML;
    /// a literal `<|im_start|>system\n…<|im_end|>` is taken as its default system prompt),
    /// `<|start_header_id|>` with `<|end_header_id|>` (Llama 3; Llama 3.1 when it also writes
    /// "Cutting Knowledge Date"), `<start_of_turn>` (Gemma),
    /// `'Assistant: ' + message['content'] + eos_token` or `'User: ' + message['content']` (DeepSeek),
    /// `[INST]` without `<<SYS>>` (Mistral; Llama 2's `<<SYS>>` format is not supported). Anything
    /// else, or no template, is `.none`.
    public init(detectingFrom source: String?) {
        self = source.map(Self.family(of:)) ?? .none
    }

    private static func family(of source: String) -> ChatTemplate {
        if source.contains("<|im_start|>") { return .chatML(defaultSystemPrompt: literalSystemPrompt(in: source)) }
        if source.contains("<|start_header_id|>"), source.contains("<|end_header_id|>") {
            guard source.contains("Cutting Knowledge Date") else { return .llama3 }
            return .llama31(date: literalDefaultDate(in: source) ?? Self.llama31DefaultDate)
        }
        if source.contains("<start_of_turn>") { return .gemma }
        if source.contains("'Assistant: ' + message['content'] + eos_token")
            || source.contains("'User: ' + message['content']") { return .deepSeek }
        if source.contains("[INST]"), !source.contains("<<SYS>>") { return .mistral }
        return .none
    }

    /// The BOS token text the family's template writes first, or nil when it writes none.
    public var bosText: String? {
        switch self {
        case .none, .chatML: nil
        case .llama3, .llama31: "<|begin_of_text|>"
        case .mistral: "<s>"
        case .deepSeek: "<\u{FF5C}begin\u{2581}of\u{2581}sentence\u{FF5C}>"
        case .gemma: "<bos>"
        }
    }

    /// The EOS token text the family's template writes after an assistant turn, when it writes one.
    public var eosText: String? {
        switch self {
        case .mistral: "</s>"
        case .deepSeek: "<\u{FF5C}end\u{2581}of\u{2581}sentence\u{FF5C}>"
        case .none, .chatML, .llama3, .llama31, .gemma: nil
        }
    }

    /// The prompt text for `messages`; `addGenerationPrompt` opens the assistant's turn (Mistral's
    /// format has no separate opening: `[/INST]` is it).
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool) -> String {
        switch self {
        case .none: messages.map(\.content).joined(separator: "\n")
        case .chatML(let defaultSystemPrompt):
            ChatTemplateFamilies.chatML(messages, defaultSystemPrompt: defaultSystemPrompt, addGenerationPrompt: addGenerationPrompt)
        case .llama3: ChatTemplateFamilies.llama3(messages, addGenerationPrompt: addGenerationPrompt)
        case .llama31(let date): ChatTemplateFamilies.llama31(messages, date: date, addGenerationPrompt: addGenerationPrompt)
        case .mistral: ChatTemplateFamilies.mistral(messages)
        case .deepSeek: ChatTemplateFamilies.deepSeek(messages, addGenerationPrompt: addGenerationPrompt)
        case .gemma: ChatTemplateFamilies.gemma(messages, addGenerationPrompt: addGenerationPrompt)
        }
    }

    /// Llama 3.1's `date_string` default, used when a template's own cannot be read.
    public static let llama31DefaultDate = "26 Jul 2024"

    /// This template with another "Today Date"; other families have no date and are returned as they are.
    public func dated(_ date: String) -> ChatTemplate {
        guard case .llama31 = self else { return self }
        return .llama31(date: date)
    }

    /// The literal of `set date_string = "…"` (the date a Llama 3.1+ template falls back to).
    private static func literalDefaultDate(in source: String) -> String? {
        guard let assignment = source.range(of: "set date_string = \"") ,
              let close = source[assignment.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(source[assignment.upperBound..<close])
    }

    /// The text between a literal `<|im_start|>system\n` (a newline, or `\n` escaped inside a Jinja
    /// string) and the next `<|im_end|>`, at the first place where it holds no Jinja syntax (a
    /// template that inserts `message['content']` there has no default).
    private static func literalSystemPrompt(in source: String) -> String? {
        for (opening, escaped) in [("<|im_start|>system\n", false), ("<|im_start|>system\\n", true)] {
            var searchStart = source.startIndex
            while let open = source.range(of: opening, range: searchStart..<source.endIndex),
                  let close = source.range(of: "<|im_end|>", range: open.upperBound..<source.endIndex) {
                let prompt = String(source[open.upperBound..<close.lowerBound])
                let jinjaMarkers = ["{{", "{%", "' +", "+ '", "message["]
                if !prompt.isEmpty, !jinjaMarkers.contains(where: prompt.contains) {
                    return escaped ? prompt.replacingOccurrences(of: "\\n", with: "\n") : prompt
                }
                searchStart = open.upperBound
            }
        }
        return nil
    }
}
