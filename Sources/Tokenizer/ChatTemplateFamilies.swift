/// The rendering of each chat family, written to match its official Jinja template byte for byte.
enum ChatTemplateFamilies {
    static func chatML(_ messages: [ChatMessage], defaultSystemPrompt: String?, addGenerationPrompt: Bool) -> String {
        var text = ""
        if let defaultSystemPrompt, let first = messages.first, first.role != "system" {
            text += chatMLTurn(role: "system", content: defaultSystemPrompt)
        }
        for message in messages { text += chatMLTurn(role: message.role, content: message.content) }
        if addGenerationPrompt { text += "<|im_start|>assistant\n" }
        return text
    }

    private static func chatMLTurn(role: String, content: String) -> String {
        "<|im_start|>\(role)\n\(content)<|im_end|>\n"
    }

    /// BOS goes in front of the first message only (the template adds it inside its loop).
    static func llama3(_ messages: [ChatMessage], addGenerationPrompt: Bool) -> String {
        var text = messages.isEmpty ? "" : "<|begin_of_text|>"
        for message in messages {
            text += "<|start_header_id|>\(message.role)<|end_header_id|>\n\n\(jinjaTrim(message.content))<|eot_id|>"
        }
        if addGenerationPrompt { text += "<|start_header_id|>assistant<|end_header_id|>\n\n" }
        return text
    }

    /// The system block comes first even without a system message; a leading system message's
    /// content moves into it.
    static func llama31(_ messages: [ChatMessage], date: String, addGenerationPrompt: Bool) -> String {
        var turns = messages[...]
        var system = ""
        if let first = turns.first, first.role == "system" {
            system = jinjaTrim(first.content)
            turns = turns.dropFirst()
        }
        var text = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: \(date)\n\n\(system)<|eot_id|>"
        for message in turns {
            text += "<|start_header_id|>\(message.role)<|end_header_id|>\n\n\(jinjaTrim(message.content))<|eot_id|>"
        }
        if addGenerationPrompt { text += "<|start_header_id|>assistant<|end_header_id|>\n\n" }
        return text
    }

    static func mistral(_ messages: [ChatMessage]) -> String {
        var text = "<s>"
        for message in systemMerged(messages) {
            text += message.role == "assistant" ? message.content + "</s>" : "[INST] \(message.content) [/INST]"
        }
        return text
    }

    static func deepSeek(_ messages: [ChatMessage], addGenerationPrompt: Bool) -> String {
        var text = "<\u{FF5C}begin\u{2581}of\u{2581}sentence\u{FF5C}>"
        for message in messages {
            switch message.role {
            case "user": text += "User: \(message.content)\n\n"
            case "assistant": text += "Assistant: \(message.content)<\u{FF5C}end\u{2581}of\u{2581}sentence\u{FF5C}>"
            case "system": text += message.content + "\n\n"
            default: break   // the template writes nothing for other roles
            }
        }
        if addGenerationPrompt { text += "Assistant:" }
        return text
    }

    static func gemma(_ messages: [ChatMessage], addGenerationPrompt: Bool) -> String {
        var text = "<bos>"
        for message in systemMerged(messages) {
            let role = message.role == "assistant" ? "model" : message.role
            text += "<start_of_turn>\(role)\n\(jinjaTrim(message.content))<end_of_turn>\n"
        }
        if addGenerationPrompt { text += "<start_of_turn>model\n" }
        return text
    }

    /// A leading system message folded into the first user message as "system\n\nuser", for
    /// templates that have no system role.
    static func systemMerged(_ messages: [ChatMessage]) -> [ChatMessage] {
        guard let first = messages.first, first.role == "system" else { return messages }
        var rest = Array(messages.dropFirst())
        if let userIndex = rest.firstIndex(where: { $0.role == "user" }) {
            rest[userIndex].content = first.content + "\n\n" + rest[userIndex].content
            return rest
        }
        return [ChatMessage(role: "user", content: first.content)] + rest
    }

    /// Jinja's `trim` filter: Python's `str.strip()`, which removes the characters `str.isspace()`
    /// accepts at both ends.
    static func jinjaTrim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isPythonSpace($0) }),
              let last = scalars.lastIndex(where: { !isPythonSpace($0) }) else { return "" }
        return String(scalars[start...last])
    }

    private static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }
}
