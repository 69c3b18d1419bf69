import NucleusCore

extension DatasetShape {
    /// Column holding the prompt, when the shape fixes one.
    public var defaultPromptColumn: String? {
        switch self {
        case .gsm8k: "question"
        case .xsum: "document"
        case .writingprompts: "prompt"
        case .simpleqa: "problem"
        case .custom: nil
        }
    }

    /// Column holding the reference, when the shape fixes one.
    public var defaultReferenceColumn: String? {
        switch self {
        case .gsm8k: "answer"
        case .xsum: "summary"
        case .writingprompts: "story"
        case .simpleqa: "answer"
        case .custom: nil
        }
    }

    /// Whether rows may lack the default reference column (writing prompts without a story);
    /// such rows get an empty reference. A column named in `columns` is always required.
    public var referenceIsOptional: Bool {
        self == .writingprompts
    }

    /// Task instruction techniques put before the prompt (XSum documents and writing prompts
    /// are not questions by themselves).
    public var defaultInstruction: String? {
        switch self {
        case .gsm8k, .custom: nil
        case .xsum: "Summarize the following article in one sentence."
        case .writingprompts: "Write a short story based on the following writing prompt."
        case .simpleqa: "Answer the question with a short factual answer. If you do not know, say \"I don't know\"."
        }
    }

    public var defaultAnswerType: AnswerType {
        self == .gsm8k ? .numeric : .text
    }
}
