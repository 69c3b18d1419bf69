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
    /// How layer matrices are kept in memory (not part of the job hash: results are the same).
    public var weights: WeightStorage
    /// The arithmetic of the activations; part of the job hash when bf16 (results differ).
    public var compute: ComputeChoice
    /// "Today Date" of Llama 3.1+ chat templates (e.g. "06 Dec 2026"); nil keeps the template's
    /// default date. Other templates have no date. Part of the job hash when set.
    public var date: String?

    public init(name: String, path: String, chatTemplate: ChatTemplateChoice = .auto, weights: WeightStorage = .stored,
                compute: ComputeChoice = .f32, date: String? = nil) {
        self.name = name
        self.path = path
        self.chatTemplate = chatTemplate
        self.weights = weights
        self.compute = compute
        self.date = date
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, path
        case chatTemplate = "chat_template"
        case weights, compute, date
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        path = try container.decode(String.self, forKey: .path)
        chatTemplate = try container.decodeChoice(ChatTemplateChoice.self, forKey: .chatTemplate) ?? .auto
        weights = try container.decodeChoice(WeightStorage.self, forKey: .weights) ?? .stored
        compute = try container.decodeChoice(ComputeChoice.self, forKey: .compute) ?? .f32
        date = try container.decodeIfPresent(String.self, forKey: .date)
    }
}

/// `compute` of a model entry: the arithmetic of the activations (README "bf16 compute").
public enum ComputeChoice: String, Codable, Sendable, CaseIterable {
    /// float32 throughout (the default and the reference).
    case f32
    /// As transformers computes the model loaded in bfloat16: parameters and every
    /// materialised activation rounded to bf16, products and reductions in float32.
    case bf16
}

/// `weights` of a model entry: how the loader keeps the matrices of linear layers (JobSpec's
/// doc comment says which tensor types each choice affects).
public enum WeightStorage: String, Codable, Sendable, CaseIterable {
    /// F16/BF16 matrices stay as the memory-mapped checkpoint bytes, converted per block in each product.
    case stored
    /// Every matrix converted to float32 at load (twice the memory of 16-bit weights).
    case float32
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
    /// Llama 3.1+: Llama 3's turns after the dated system block ("Cutting Knowledge Date: December
    /// 2023", "Today Date: …"; the date is the model entry's `date:`, else "26 Jul 2024").
    case llama31
    /// Mistral Instruct: `[INST] user [/INST]assistant</s>`.
    case mistral
    /// DeepSeek LLM / V2: `User: …\n\nAssistant:`.
    case deepseek
    /// Gemma: `<start_of_turn>user\ncontent<end_of_turn>\n`.
    case gemma
    /// Never wrap: prompts go to the model as plain text.
    case none
}
