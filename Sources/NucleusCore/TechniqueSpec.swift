/// One entry of `techniques:` in a job file: a built-in name, or an inline definition.
///
/// The built-in catalogue and template rendering live in the Prompts target; this is only
/// what the job file says.
public enum TechniqueSpec: Codable, Sendable, Equatable {
    /// `- chain-of-thought`
    case named(String)
    /// `- {name: terse-cot, base: chain-of-thought, system: "..."}`
    case inline(TechniqueDefinition)

    /// The technique's label in cell keys.
    public var name: String {
        switch self {
        case .named(let name): name
        case .inline(let definition): definition.name
        }
    }

    public init(from decoder: any Decoder) throws {
        do {
            self = .named(try decoder.singleValueContainer().decode(String.self))
        } catch DecodingError.typeMismatch {
            do {
                self = .inline(try TechniqueDefinition(from: decoder))
            } catch DecodingError.typeMismatch {
                throw JobSpecIssue(codingPath: decoder.codingPath, message: "expected a technique name or a mapping")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .named(let name):
            var container = encoder.singleValueContainer()
            try container.encode(name)
        case .inline(let definition):
            try definition.encode(to: encoder)
        }
    }
}

/// An inline technique. Every field but `name` is optional: unset fields come from `base`
/// (a built-in technique) or, without a base, from the plain defaults documented in Prompts.
public struct TechniqueDefinition: Codable, Sendable, Equatable {
    /// Label in cell keys: `[A-Za-z0-9._-]+`, unique within the job.
    public var name: String
    /// Built-in technique whose fields this one starts from.
    public var base: String?
    /// System text (the system message in chat mode, the first paragraph otherwise).
    public var system: String?
    /// Added after the system text when the dataset's answers are numeric, e.g. "… '#### N'".
    public var numericAnswerFormat: String?
    /// User text; placeholders `{prompt}` (row text, with the dataset instruction) and `{exemplars}`.
    public var template: String?
    /// Number of few-shot exemplars (drawn from the dataset's `fewshot_pool`).
    public var shots: Int?
    /// One exemplar; placeholders `{prompt}`, `{reference}`, `{answer}` (`#### N`), `{draft}`
    /// (terse calculator steps then `#### N`); see Prompts' `Technique.exemplarTemplate`.
    public var exemplarTemplate: String?
    /// Text between exemplars (and after the last one).
    public var exemplarSeparator: String?
    /// Text the model's answer starts after (plain: appended; chat: assistant prefix).
    public var answerCue: String?
    /// `false` forces plain prompts even when `generation.chat` is on; unset follows it.
    public var chat: Bool?
    /// Whether the dataset's task instruction is put before the prompt.
    public var useInstruction: Bool?
    /// A change applied to each prompt's dataset text (`Perturbation`); nil: none.
    public var perturbation: Perturbation?

    public init(name: String, base: String? = nil) {
        self.name = name
        self.base = base
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, base, system
        case numericAnswerFormat = "numeric_answer_format"
        case template, shots
        case exemplarTemplate = "exemplar_template"
        case exemplarSeparator = "exemplar_separator"
        case answerCue = "answer_cue"
        case chat
        case useInstruction = "use_instruction"
        case perturbation
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        base = try container.decodeIfPresent(String.self, forKey: .base)
        system = try container.decodeIfPresent(String.self, forKey: .system)
        numericAnswerFormat = try container.decodeIfPresent(String.self, forKey: .numericAnswerFormat)
        template = try container.decodeIfPresent(String.self, forKey: .template)
        shots = try container.decodeIfPresent(Int.self, forKey: .shots)
        exemplarTemplate = try container.decodeIfPresent(String.self, forKey: .exemplarTemplate)
        exemplarSeparator = try container.decodeIfPresent(String.self, forKey: .exemplarSeparator)
        answerCue = try container.decodeIfPresent(String.self, forKey: .answerCue)
        chat = try container.decodeIfPresent(Bool.self, forKey: .chat)
        useInstruction = try container.decodeIfPresent(Bool.self, forKey: .useInstruction)
        perturbation = try container.decodeChoice(Perturbation.self, forKey: .perturbation)
    }
}
