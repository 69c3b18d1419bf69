/// One model of the grid (`models[i]` in a job file).
public struct ModelSpec: Codable, Sendable, Equatable {
    /// Label used in cell keys and folder names: `[A-Za-z0-9._-]+`, unique within the job.
    public var name: String
    /// A GGUF file or a Hugging Face folder (config.json, tokenizer.json, *.safetensors).
    /// Absolute after `JobSpec.load`: `${VAR}` expanded, relative paths resolved against the
    /// job file's directory.
    public var path: String
    /// Which chat template wraps chat prompts.
    public var chatTemplate: ChatTemplateChoice

    public init(name: String, path: String, chatTemplate: ChatTemplateChoice = .auto) {
        self.name = name
        self.path = path
        self.chatTemplate = chatTemplate
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, path
        case chatTemplate = "chat_template"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        path = try container.decode(String.self, forKey: .path)
        chatTemplate = try container.decodeChoice(ChatTemplateChoice.self, forKey: .chatTemplate) ?? .auto
    }
}

/// `chat_template` of a model entry: the checkpoint's own, a named family, or none.
public enum ChatTemplateChoice: String, Codable, Sendable, CaseIterable {
    /// The checkpoint's own template (recognised by its family's markers) when it has one, else plain prompts.
    case auto
    /// `<|im_start|>role\ncontent<|im_end|>` (Qwen, SmolLM) whatever the checkpoint says; a ChatML
    /// checkpoint's default system prompt is kept.
    case chatml
    /// Llama 3: `<|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>`.
    case llama3
    /// Mistral Instruct: `[INST] user [/INST]assistant</s>`.
    case mistral
    /// DeepSeek LLM / V2: `User: …\n\nAssistant:`.
    case deepseek
    /// Gemma: `<start_of_turn>user\ncontent<end_of_turn>\n`.
    case gemma
    /// Never wrap: prompts go to the model as plain text.
    case none
}
