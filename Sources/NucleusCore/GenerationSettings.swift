/// The generation settings a run uses, every key decided (see `SettingsResolution`): how tokens
/// are sampled. The initial values below are the built-in defaults, written nowhere else. The unit
/// file records these, and the job hash hashes the job's values with these defaults filled in.
public struct GenerationSettings: Encodable, Sendable, Equatable {
    /// Tokens generated per sequence at most (≥ 1).
    public var maxNewTokens = 256
    /// Softmax temperature (≥ 0; 0 = greedy).
    public var temperature = 1.0
    /// Keep only the k most probable tokens before sampling (0 = off).
    public var topK = 0
    /// Nucleus sampling mass, in (0, 1] (1 = off).
    public var topP = 1.0
    /// Drop tokens below `min_p` × the top probability, in [0, 1) (0 = off).
    public var minP = 0.0
    /// Divide positive logits (multiply negative ones) of already-seen tokens by this (> 0; 1 = off).
    public var repetitionPenalty = 1.0
    /// Forbid repeating any n-gram of this length (0 = off).
    public var noRepeatNgramSize = 0
    /// Generation stops when the completion ends with any of these strings (not kept in the text).
    public var stop: [String] = []
    /// Independent samples per prompt (≥ 1): sample index s is a separate grid cell.
    public var samples = 1
    /// Wrap prompts in the model's chat template (see `models[i].chat_template`).
    public var chat = true

    public init() {}

    /// Key names as in the job file; part of the job hash, so keep them stable.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxNewTokens = "max_new_tokens"
        case temperature
        case topK = "top_k"
        case topP = "top_p"
        case minP = "min_p"
        case repetitionPenalty = "repetition_penalty"
        case noRepeatNgramSize = "no_repeat_ngram_size"
        case stop, samples, chat
    }
}

/// `generation:` of a job file as written: a key the file leaves out is nil, so that the model's
/// generation_config.json and then the built-in default can decide it (`SettingsResolution`).
/// Also the form of a model's own defaults (`ModelGenerationDefaults`).
public struct GenerationSpec: Codable, Sendable, Equatable {
    public var maxNewTokens: Int?
    public var temperature: Double?
    public var topK: Int?
    public var topP: Double?
    public var minP: Double?
    public var repetitionPenalty: Double?
    public var noRepeatNgramSize: Int?
    public var stop: [String]?
    public var samples: Int?
    public var chat: Bool?

    public init(maxNewTokens: Int? = nil, temperature: Double? = nil, topK: Int? = nil, topP: Double? = nil,
                minP: Double? = nil, repetitionPenalty: Double? = nil, noRepeatNgramSize: Int? = nil,
                stop: [String]? = nil, samples: Int? = nil, chat: Bool? = nil) {
        self.maxNewTokens = maxNewTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.noRepeatNgramSize = noRepeatNgramSize
        self.stop = stop
        self.samples = samples
        self.chat = chat
    }

    typealias CodingKeys = GenerationSettings.CodingKeys

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxNewTokens = try container.decodeIfPresent(Int.self, forKey: .maxNewTokens)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        minP = try container.decodeIfPresent(Double.self, forKey: .minP)
        repetitionPenalty = try container.decodeIfPresent(Double.self, forKey: .repetitionPenalty)
        noRepeatNgramSize = try container.decodeIfPresent(Int.self, forKey: .noRepeatNgramSize)
        stop = try container.decodeIfPresent([String].self, forKey: .stop)
        samples = try container.decodeIfPresent(Int.self, forKey: .samples)
        chat = try container.decodeIfPresent(Bool.self, forKey: .chat)
    }
}

/// `analysis:` of a job file: which per-token statistics are recorded. Every key is optional; the
/// initial values below are the built-in defaults, written nowhere else. Checked by
/// `SettingsResolution.checkAnalysis`.
public struct AnalysisSettings: Codable, Sendable, Equatable {
    /// Mass defining the nucleus for `nucleus_*` statistics, in (0, 1].
    public var topP = 0.9
    /// Number of most probable tokens stored per step (≥ 1).
    public var topK = 20
    /// Store each generated token's distribution p = softmax(raw logits) as float16 in
    /// `/distributions` (`analysis.store_distribution: fp16`; `full_distribution: true` is its
    /// alias). Encoded (and so hashed) only when on, so older job hashes stay.
    public var storeDistribution: StoredDistributionFormat?
    /// Keep only the N most probable tokens of each stored distribution, with their ids
    /// (`analysis.store_distribution_top`); nil stores all V.
    public var storeDistributionTop: Int?
    /// Store the entropy and varentropy of each layer × head's attention weights per step
    /// (`analysis.attention`, alias `attention_entropy`: the key the recorded analysis JSON keeps,
    /// so job hashes of earlier jobs stay as they were).
    public var attentionEntropy = false
    /// Scoring: store per unit the sum of the full next-token distributions and their count, for the
    /// cell's average distribution. Encoded (and so hashed) only when on, so older job hashes stay.
    public var averageDistribution = false

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case topP = "top_p"
        case topK = "top_k"
        case fullDistribution = "full_distribution"
        case storeDistribution = "store_distribution"
        case storeDistributionTop = "store_distribution_top"
        case attentionEntropy = "attention_entropy"
        case averageDistribution = "average_distribution"
        case attention
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnalysisSettings()
        topP = try container.decodeIfPresent(Double.self, forKey: .topP) ?? defaults.topP
        topK = try container.decodeIfPresent(Int.self, forKey: .topK) ?? defaults.topK
        let fullDistribution = try container.decodeIfPresent(Bool.self, forKey: .fullDistribution) ?? false
        if let format = try container.decodeIfPresent(String.self, forKey: .storeDistribution) {
            guard let known = StoredDistributionFormat(rawValue: format) else {
                throw DecodingError.dataCorruptedError(forKey: .storeDistribution, in: container,
                    debugDescription: "unknown distribution format '\(format)'; expected one of \(StoredDistributionFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            storeDistribution = known
        } else if fullDistribution {
            storeDistribution = .fp16
        }
        storeDistributionTop = try container.decodeIfPresent(Int.self, forKey: .storeDistributionTop)
        let alias = try container.decodeIfPresent(Bool.self, forKey: .attentionEntropy)
        let attention = try container.decodeIfPresent(Bool.self, forKey: .attention)
        if let alias, let attention, alias != attention {
            throw DecodingError.dataCorruptedError(forKey: .attention, in: container,
                debugDescription: "attention and its alias attention_entropy disagree; give one")
        }
        attentionEntropy = attention ?? alias ?? defaults.attentionEntropy
        averageDistribution = try container.decodeIfPresent(Bool.self, forKey: .averageDistribution)
            ?? defaults.averageDistribution
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(topP, forKey: .topP)
        try container.encode(topK, forKey: .topK)
        // Always written (false before distributions could be stored), so earlier hashes stay.
        try container.encode(storeDistribution != nil, forKey: .fullDistribution)
        if let storeDistribution { try container.encode(storeDistribution.rawValue, forKey: .storeDistribution) }
        if let storeDistributionTop { try container.encode(storeDistributionTop, forKey: .storeDistributionTop) }
        try container.encode(attentionEntropy, forKey: .attentionEntropy)
        if averageDistribution { try container.encode(averageDistribution, forKey: .averageDistribution) }
    }
}

/// How `/distributions` stores each generated token's distribution (`analysis.store_distribution`).
public enum StoredDistributionFormat: String, Codable, Sendable, CaseIterable {
    /// IEEE half precision: probabilities rounded to nearest float16.
    case fp16
}
