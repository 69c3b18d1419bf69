/// One dataset of the grid (`datasets[i]` in a job file).
public struct DatasetSpec: Codable, Sendable, Equatable {
    /// Label used in cell keys and folder names: `[A-Za-z0-9._-]+`, unique within the job.
    public var name: String
    /// A `.jsonl` or `.csv` file; absolute after `JobSpec.load`.
    public var path: String
    /// Which columns hold the prompt and reference, and the task instruction (see `DatasetShape`).
    public var shape: DatasetShape
    /// Column names overriding the shape's defaults; required for `custom`.
    public var columns: ColumnMapping?
    /// First row (0-based, counted over data rows) to use.
    public var start: Int
    /// Number of rows to use from `start`; `nil` = to the end of the file.
    public var limit: Int?
    /// Task instruction put before each prompt by techniques that use one; overrides the shape's.
    /// An empty string removes the shape's instruction.
    public var instruction: String?
    /// Whether references are numbers (`#### N` answer format) or free text; defaults by shape.
    public var answerType: AnswerType?
    /// Where few-shot exemplars come from when a technique asks for `shots > 0`.
    public var fewshotPool: FewShotPoolSpec?
    /// Generate from prompts (default), score the rows' texts, or rank candidates; part of the job
    /// hash only when not `generate` (see `encode(to:)`), so the hashes of older jobs are unchanged.
    public var task: DatasetTask = .generate
    /// `task: score`: most tokens one rolling window reads (nil = the model's context length), and
    /// the positions each later window scores (nil = half the window). See Generation's `RollingWindows`.
    public var window: Int?
    public var stride: Int?
    /// `task: rank`: slots, candidates and separator (`path` is then its templates CSV).
    public var ranking: RankingSpec?
    /// The job's techniques that run on this dataset, by name (nil = all of them), so that e.g.
    /// prompt perturbations can be limited to one dataset of a grid. Part of the job hash only when set.
    public var techniques: [String]?
    /// A grouping label for every row (`label: factual`), by which the reducer groups attention
    /// statistics; at most one of `label` and `labelColumn`. Each enters the job hash only when set.
    public var label: String?
    /// The dataset column holding each row's grouping label (`label_column: kind`).
    public var labelColumn: String?

    public init(
        name: String, path: String, shape: DatasetShape, columns: ColumnMapping? = nil,
        start: Int = 0, limit: Int? = nil, instruction: String? = nil,
        answerType: AnswerType? = nil, fewshotPool: FewShotPoolSpec? = nil, ranking: RankingSpec? = nil
    ) {
        self.name = name
        self.path = path
        self.shape = shape
        self.columns = columns
        self.start = start
        self.limit = limit
        self.instruction = instruction
        self.answerType = answerType
        self.fewshotPool = fewshotPool
        self.ranking = ranking
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, path, shape, columns, start, limit, instruction
        case answerType = "answer_type"
        case fewshotPool = "fewshot_pool"
        case task, window, stride, ranking, techniques, label
        case labelColumn = "label_column"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        path = try container.decode(String.self, forKey: .path)
        shape = try container.decodeChoice(DatasetShape.self, forKey: .shape) ?? .custom
        columns = try container.decodeIfPresent(ColumnMapping.self, forKey: .columns)
        start = try container.decodeIfPresent(Int.self, forKey: .start) ?? 0
        limit = try container.decodeIfPresent(Int.self, forKey: .limit)
        instruction = try container.decodeIfPresent(String.self, forKey: .instruction)
        answerType = try container.decodeChoice(AnswerType.self, forKey: .answerType)
        fewshotPool = try container.decodeIfPresent(FewShotPoolSpec.self, forKey: .fewshotPool)
        ranking = try container.decodeIfPresent(RankingSpec.self, forKey: .ranking)
        // A ranking: block says what the task is; an explicit other task with one is refused by validation.
        task = try container.decodeChoice(DatasetTask.self, forKey: .task) ?? (ranking == nil ? .generate : .rank)
        window = try container.decodeIfPresent(Int.self, forKey: .window)
        stride = try container.decodeIfPresent(Int.self, forKey: .stride)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        labelColumn = try container.decodeIfPresent(String.self, forKey: .labelColumn)
        techniques = try container.decodeIfPresent([String].self, forKey: .techniques)
    }

    /// Whether the technique named `technique` runs on this dataset.
    public func runs(technique: String) -> Bool {
        techniques?.contains(technique) ?? true
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(path, forKey: .path)
        try container.encode(shape, forKey: .shape)
        try container.encodeIfPresent(columns, forKey: .columns)
        try container.encode(start, forKey: .start)
        try container.encodeIfPresent(limit, forKey: .limit)
        try container.encodeIfPresent(instruction, forKey: .instruction)
        try container.encodeIfPresent(answerType, forKey: .answerType)
        try container.encodeIfPresent(fewshotPool, forKey: .fewshotPool)
        if task != .generate { try container.encode(task, forKey: .task) }
        try container.encodeIfPresent(window, forKey: .window)
        try container.encodeIfPresent(stride, forKey: .stride)
        try container.encodeIfPresent(ranking, forKey: .ranking)
        try container.encodeIfPresent(techniques, forKey: .techniques)
        try container.encodeIfPresent(label, forKey: .label)
        try container.encodeIfPresent(labelColumn, forKey: .labelColumn)
    }
}

/// Built-in dataset layouts. Their default columns and instructions live in the Prompts target.
public enum DatasetShape: String, Codable, Sendable, CaseIterable {
    /// `question` → prompt, `answer` (ending `#### N`) → reference; numeric answers.
    case gsm8k
    /// `document` → prompt, `summary` → reference; a one-sentence summarisation instruction.
    case xsum
    /// `prompt` → prompt, `story` → reference; a story-writing instruction.
    case writingprompts
    /// OpenAI's SimpleQA (`metadata`, `problem`, `answer`): `problem` → prompt, `answer` → reference;
    /// completions graded correct / incorrect / not attempted (`SimpleQAGrade`).
    case simpleqa
    /// Columns given in `columns`; no instruction unless `instruction` is set.
    case custom
}

/// Kind of reference answer, which decides whether techniques ask for `#### N`.
public enum AnswerType: String, Codable, Sendable, CaseIterable {
    case numeric
    case text
}

/// Column names in a dataset file (`columns:` in a job file).
public struct ColumnMapping: Codable, Sendable, Equatable {
    /// Column holding the text given to the model.
    public var prompt: String?
    /// Column holding the reference answer or text; `nil` (custom shape) = no reference.
    public var reference: String?
    /// Column holding the text a `task: score` dataset scores (default: the shape's, see Prompts).
    public var text: String?

    public init(prompt: String? = nil, reference: String? = nil, text: String? = nil) {
        self.prompt = prompt
        self.reference = reference
        self.text = text
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case prompt, reference, text
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        prompt = try container.decodeIfPresent(String.self, forKey: .prompt)
        reference = try container.decodeIfPresent(String.self, forKey: .reference)
        text = try container.decodeIfPresent(String.self, forKey: .text)
    }
}

/// A second file (e.g. a train split) from which few-shot exemplars are drawn with the job seed.
public struct FewShotPoolSpec: Codable, Sendable, Equatable {
    /// Absolute after `JobSpec.load`.
    public var path: String
    /// Defaults to the dataset's shape.
    public var shape: DatasetShape?
    public var columns: ColumnMapping?

    public init(path: String, shape: DatasetShape? = nil, columns: ColumnMapping? = nil) {
        self.path = path
        self.shape = shape
        self.columns = columns
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case path, shape, columns
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        shape = try container.decodeChoice(DatasetShape.self, forKey: .shape)
        columns = try container.decodeIfPresent(ColumnMapping.self, forKey: .columns)
    }
}
