import NucleusCore

/// One prompt of a dataset after column mapping.
public struct DatasetRow: Sendable, Equatable, Codable {
    /// Position among the file's data records (0-based, before `start`/`limit`): the "dataset
    /// row" of seeds and result files.
    public let index: Int
    /// 1-based line of the file where the record starts (for messages).
    public let line: Int
    /// Text of the prompt column.
    public let prompt: String
    /// Text of the reference column; empty when the dataset has none.
    public let reference: String
    /// Every column of the record, as text.
    public let fields: [String: String]
    /// The dataset's grouping label for this row (`label` or `label_column`); "" when it has none.
    public var label: String

    public init(index: Int, line: Int, prompt: String, reference: String, fields: [String: String] = [:],
                label: String = "") {
        self.index = index
        self.line = line
        self.prompt = prompt
        self.reference = reference
        self.fields = fields
        self.label = label
    }
}

/// The selected rows of one `datasets[i]` entry, with what techniques need to know about it.
public struct Dataset: Sendable, Equatable {
    public let name: String
    public let path: String
    public let shape: DatasetShape
    /// Task instruction put before each prompt (nil = none).
    public let instruction: String?
    public let answerType: AnswerType
    /// Rows after `start`/`limit`; a work unit's `rows` index into this array.
    public let rows: [DatasetRow]

    public init(
        name: String, path: String, shape: DatasetShape, instruction: String?, answerType: AnswerType,
        rows: [DatasetRow]
    ) {
        self.name = name
        self.path = path
        self.shape = shape
        self.instruction = instruction
        self.answerType = answerType
        self.rows = rows
    }
}
