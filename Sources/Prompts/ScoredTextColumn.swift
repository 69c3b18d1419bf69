import NucleusCore

extension DatasetShape {
    /// Column whose text a `task: score` dataset scores when `columns.text` names none: the long text
    /// of the shape (a story, an article), not the prompt that asked for it.
    public var defaultScoredColumn: String? {
        switch self {
        case .gsm8k: "question"
        case .xsum: "document"
        case .writingprompts: "story"
        case .simpleqa: "problem"
        case .custom: nil
        }
    }
}

extension DatasetSpec {
    /// The column a `task: score` dataset scores: `columns.text`, else the shape's, else `columns.prompt`.
    public var scoredColumn: String? {
        columns?.text ?? shape.defaultScoredColumn ?? columns?.prompt
    }
}
