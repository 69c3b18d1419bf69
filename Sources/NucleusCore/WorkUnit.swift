/// A grid cell: one model on one dataset under one prompting technique, for one sample index
/// (sample > 0 repeats the same prompts with independent RNG streams).
public struct CellKey: Hashable, Codable, Sendable, CustomStringConvertible {
    public var model: String
    public var dataset: String
    public var technique: String
    public var sample: Int

    public init(model: String, dataset: String, technique: String, sample: Int = 0) {
        self.model = model
        self.dataset = dataset
        self.technique = technique
        self.sample = sample
    }

    /// Folder-safe name, e.g. `smollm2__gsm8k__cot__s0`.
    public var directoryName: String { "\(model)__\(dataset)__\(technique)__s\(sample)" }
    public var description: String { "\(model) × \(dataset) × \(technique) (sample \(sample))" }
}

/// A contiguous range of dataset rows of one cell: the unit of scheduling, storage and resume.
public struct WorkUnit: Hashable, Codable, Sendable, Identifiable {
    /// Stable id: a hash of the cell key, the row range and the job's content hash, so that
    /// renaming the output folder or changing the number of ranks changes nothing.
    public var id: String
    public var cell: CellKey
    /// Dataset rows, as indices after the dataset's `start`/`limit` selection is applied.
    public var rows: Range<Int>

    public init(id: String, cell: CellKey, rows: Range<Int>) {
        self.id = id
        self.cell = cell
        self.rows = rows
    }
}
