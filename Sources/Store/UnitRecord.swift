import NucleusCore

/// In-memory form of one unit-attempt file (HDF5 schema v1, DESIGN §5). The writer stores it,
/// the reader returns it; nothing here knows about HDF5.
public struct UnitRecord: Sendable, Equatable {
    public static let schemaVersion = 1

    public var header: UnitHeader
    /// One entry per prompt, in dataset-row order.
    public var prompts: [PromptRecord]
    /// Per generated token, concatenated over prompts; prompt i owns `tokenOffsets[i]..<tokenOffsets[i+1]`.
    public var tokens: TokenColumns
    /// Perplexities and the distribution sum of a `task: score` unit; nil for generation.
    public var scoring: ScoringRecord?
    /// Candidate scores of a `task: rank` unit (`/ranking`); nil for generation.
    public var ranking: RankingTable?
    /// eᵢ per prompt (`/prompts/embedding_mean`) of a generation unit; nil in score and rank
    /// units and in files written before it existed.
    public var embeddingMeans: EmbeddingMeans?
    /// Per generated token, its distribution (`/distributions`, `analysis.store_distribution`); nil
    /// when not stored. `UnitFileReader.read` leaves it nil (it can be large): see
    /// `UnitFileReader.readDistributions`.
    public var distributions: StoredDistributions?

    public init(header: UnitHeader, prompts: [PromptRecord], tokens: TokenColumns, ranking: RankingTable? = nil) {
        self.header = header
        self.prompts = prompts
        self.tokens = tokens
        self.ranking = ranking
    }

    /// Ragged offsets (length P + 1) derived from `prompts[i].generatedCount`.
    public var tokenOffsets: [Int] {
        var offsets = [0]
        offsets.reserveCapacity(prompts.count + 1)
        for prompt in prompts { offsets.append(offsets[offsets.count - 1] + prompt.generatedCount) }
        return offsets
    }
}

/// Root attributes of a unit file.
public struct UnitHeader: Sendable, Equatable {
    public var complete: Bool
    public var nucleusVersion: String
    public var jobName: String
    public var jobHash: String
    public var unitID: String
    public var attempt: Int
    public var model: ModelIdentity
    public var dataset: String
    public var technique: String
    public var sample: Int
    /// The settings block's name; "" for a single-block job (and in files written before the axis).
    public var settings: String
    /// The technique's perturbation of the prompts (`Perturbation` raw value) and the technique it
    /// perturbs; "" when none (and in files written before perturbations).
    public var perturbation = ""
    public var perturbationBase = ""
    public var seed: UInt64
    /// Sampling settings (temperature, top-k, top-p, min-p, max tokens, stops) as a JSON object.
    public var generationJSON: String
    /// Analysis settings (nucleus top-p, top-K) as a JSON object.
    public var analysisJSON: String
    public var host: String
    public var rank: Int
    /// ISO-8601 UTC timestamps.
    public var started: String
    public var finished: String
    /// The dataset's `shape` (gsm8k, simpleqa, …), which decides how the reducer grades answers;
    /// nil in files written before it was recorded.
    public var datasetShape: String?
    /// The dataset's answer type (numeric, text), which decides whether references are graded as
    /// numbers; nil in files written before it was recorded (then any reference that holds a number is).
    public var answerType: String?

    public init(complete: Bool, nucleusVersion: String, jobName: String, jobHash: String, unitID: String,
                attempt: Int, model: ModelIdentity, dataset: String, technique: String, sample: Int,
                settings: String = "", seed: UInt64, generationJSON: String, analysisJSON: String, host: String, rank: Int,
                started: String, finished: String) {
        self.complete = complete
        self.nucleusVersion = nucleusVersion
        self.jobName = jobName
        self.jobHash = jobHash
        self.unitID = unitID
        self.attempt = attempt
        self.model = model
        self.dataset = dataset
        self.technique = technique
        self.sample = sample
        self.settings = settings
        self.seed = seed
        self.generationJSON = generationJSON
        self.analysisJSON = analysisJSON
        self.host = host
        self.rank = rank
        self.started = started
        self.finished = finished
    }
}

public struct ModelIdentity: Sendable, Equatable, Codable {
    public var name: String
    public var path: String
    public var architecture: String
    /// sha256 of the weights file (GGUF) or of the safetensors index.
    public var sha256: String
    /// The arithmetic the model computed in (the job's `compute`); always written, and read as f32
    /// from files written before it was recorded.
    public var compute: ComputeChoice

    public init(name: String, path: String, architecture: String, sha256: String, compute: ComputeChoice = .f32) {
        self.name = name
        self.path = path
        self.architecture = architecture
        self.sha256 = sha256
        self.compute = compute
    }

    enum CodingKeys: String, CodingKey { case name, path, architecture, sha256, compute }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        path = try c.decode(String.self, forKey: .path)
        architecture = try c.decode(String.self, forKey: .architecture)
        sha256 = try c.decode(String.self, forKey: .sha256)
        compute = try c.decodeIfPresent(ComputeChoice.self, forKey: .compute) ?? .f32
    }
}

public struct PromptRecord: Sendable, Equatable {
    /// The `finishReason` of a prompt that failed (and so has no tokens).
    public static let failedReason = "error"

    public var failed: Bool { finishReason == Self.failedReason }

    /// Dataset row (index after start/limit selection).
    public var row: Int
    public var promptText: String
    /// Reference answer/summary/story from the dataset, "" when it has none.
    public var reference: String
    public var completionText: String
    /// "eos", "stop", "length", or "error" (the prompt failed: no tokens, `error` says why).
    public var finishReason: String
    public var promptTokenCount: Int
    public var generatedCount: Int
    /// Why the prompt failed when `finishReason` is "error"; "" otherwise.
    public var error: String
    /// The dataset's grouping label for the row (`label` / `label_column`); "" when none.
    public var label: String

    public init(row: Int, promptText: String, reference: String, completionText: String,
                finishReason: String, promptTokenCount: Int, generatedCount: Int, error: String = "",
                label: String = "") {
        self.error = error
        self.label = label
        self.row = row
        self.promptText = promptText
        self.reference = reference
        self.completionText = completionText
        self.finishReason = finishReason
        self.promptTokenCount = promptTokenCount
        self.generatedCount = generatedCount
    }
}
