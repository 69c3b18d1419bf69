/// How the next token is drawn from the (transformed) distribution. Each knob has an "off" value.
/// Coded with snake_case keys (`temperature`, `top_k`, `top_p`, `min_p`, `repetition_penalty`,
/// `no_repeat_ngram_size`);
/// missing keys take the defaults, which are plain sampling at temperature 1.
public struct SamplingSettings: Codable, Sendable, Hashable {
    /// 0 = greedy (argmax, ties to the lower token id).
    public var temperature: Double
    /// Keep only the k most probable tokens; 0 = off.
    public var topK: Int
    /// Keep the smallest canonical prefix whose mass reaches topP; 1 = off.
    public var topP: Double
    /// Keep tokens with probability ≥ minP × the largest probability; 0 = off.
    public var minP: Double
    /// HF/CTRL repetition penalty over the previous tokens (logit > 0 divided, else multiplied); 1 = off.
    public var repetitionPenalty: Double
    /// HF `no_repeat_ngram_size`: a token that would complete an n-gram already present in the
    /// prompt + generated ids is never drawn; 0 = off.
    public var noRepeatNgramSize: Int

    public init(temperature: Double = 1, topK: Int = 0, topP: Double = 1, minP: Double = 0, repetitionPenalty: Double = 1,
                noRepeatNgramSize: Int = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.noRepeatNgramSize = noRepeatNgramSize
    }

    /// Whether the draw looks at the sequence's previous ids at all.
    public var usesHistory: Bool { repetitionPenalty != 1 || noRepeatNgramSize > 0 }

    /// Greedy decoding.
    public static let greedy = SamplingSettings(temperature: 0)

    public var isGreedy: Bool { temperature == 0 }

    /// Throws when a value is outside its domain (temperature ≥ 0, topK ≥ 0, 0 < topP ≤ 1,
    /// 0 ≤ minP ≤ 1, repetitionPenalty > 0, noRepeatNgramSize ≥ 0, all finite).
    public func validate() throws {
        func check(_ ok: Bool, _ problem: String) throws {
            if !ok { throw GenerationError("sampling settings", problem) }
        }
        try check(temperature.isFinite && temperature >= 0, "temperature must be finite and ≥ 0, got \(temperature)")
        try check(topK >= 0, "top_k must be ≥ 0 (0 = off), got \(topK)")
        try check(topP > 0 && topP <= 1, "top_p must be in (0, 1] (1 = off), got \(topP)")
        try check(minP >= 0 && minP <= 1, "min_p must be in [0, 1] (0 = off), got \(minP)")
        try check(repetitionPenalty.isFinite && repetitionPenalty > 0, "repetition_penalty must be finite and > 0 (1 = off), got \(repetitionPenalty)")
        try check(noRepeatNgramSize >= 0, "no_repeat_ngram_size must be ≥ 0 (0 = off), got \(noRepeatNgramSize)")
    }

    enum CodingKeys: String, CodingKey {
        case temperature, topK = "top_k", topP = "top_p", minP = "min_p", repetitionPenalty = "repetition_penalty"
        case noRepeatNgramSize = "no_repeat_ngram_size"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SamplingSettings()
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature) ?? defaults.temperature
        topK = try container.decodeIfPresent(Int.self, forKey: .topK) ?? defaults.topK
        topP = try container.decodeIfPresent(Double.self, forKey: .topP) ?? defaults.topP
        minP = try container.decodeIfPresent(Double.self, forKey: .minP) ?? defaults.minP
        repetitionPenalty = try container.decodeIfPresent(Double.self, forKey: .repetitionPenalty) ?? defaults.repetitionPenalty
        noRepeatNgramSize = try container.decodeIfPresent(Int.self, forKey: .noRepeatNgramSize) ?? defaults.noRepeatNgramSize
    }
}
