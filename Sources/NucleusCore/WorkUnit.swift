/// A grid cell: one model on one dataset under one prompting technique and one sampling-settings
/// block, for one sample index (sample > 0 repeats the same prompts with independent RNG streams).
public struct CellKey: Hashable, Codable, Sendable, CustomStringConvertible {
    public var model: String
    public var dataset: String
    public var technique: String
    /// The settings block's name; nil when the job has a single `generation` block, so that such
    /// jobs keep the folder names, unit ids and RNG streams they had before the settings axis.
    public var settings: String?
    public var sample: Int

    public init(model: String, dataset: String, technique: String, settings: String? = nil, sample: Int = 0) {
        self.model = model
        self.dataset = dataset
        self.technique = technique
        self.settings = settings
        self.sample = sample
    }

    /// Folder-safe name, e.g. `smollm2__gsm8k__cot__s0`, or `smollm2__gsm8k__cot__t0.7__s0` with a
    /// settings block.
    public var directoryName: String {
        let settingsPart = settings.map { "__\($0)" } ?? ""
        return "\(model)__\(dataset)__\(technique)\(settingsPart)__s\(sample)"
    }

    public var description: String {
        let settingsPart = settings.map { " × \($0)" } ?? ""
        return "\(model) × \(dataset) × \(technique)\(settingsPart) (sample \(sample))"
    }
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
