import Kernels

/// RoPE settings of a config.json in either key style: transformers v5's
/// `rope_parameters {rope_theta, rope_type, partial_rotary_factor, factor, …}`, or the v4 style
/// most published checkpoints carry (`rope_theta` / `partial_rotary_factor` at the top level,
/// `rope_scaling {rope_type | type, factor, …}` or null). Every architecture decodes it from the
/// same decoder as its own configuration, so scaled RoPE works (or is refused) alike everywhere.
/// Per-model legacy keys (GPT-NeoX's `rotary_emb_base`, `rotary_pct`) are the architecture's to read.
public struct HFRoPEParameters: Decodable, Sendable, Equatable {
    /// `rope_theta` inside `rope_parameters` (or `rope_scaling`); nil when absent there.
    public var nestedTheta: Double?
    /// Top-level `rope_theta` (v4); nil when absent.
    public var topLevelTheta: Double?
    /// `partial_rotary_factor`, nested or else top-level; nil when absent (architectures default it).
    public var partialRotaryFactor: Double?
    /// `default`, `linear` or `llama3` (v4's older `type` key is accepted too).
    public var type: String
    /// The frequency scaling `type` and its parameters name.
    public var scaling: RoPEScaling

    static let defaultTheta = 10_000.0
    static let supportedTypes = "default, linear, llama3"

    /// The base: nested, else top-level, else transformers' default 10 000.
    public var theta: Double { nestedTheta ?? topLevelTheta ?? Self.defaultTheta }

    private enum TopLevelKeys: String, CodingKey {
        case ropeParameters = "rope_parameters", ropeScaling = "rope_scaling", ropeTheta = "rope_theta"
        case partialRotaryFactor = "partial_rotary_factor"
    }

    private enum NestedKeys: String, CodingKey {
        case ropeTheta = "rope_theta", ropeType = "rope_type", type, factor
        case partialRotaryFactor = "partial_rotary_factor"
        case lowFrequencyFactor = "low_freq_factor", highFrequencyFactor = "high_freq_factor"
        case originalMaxPositionEmbeddings = "original_max_position_embeddings"
    }

    /// Decoding errors name the key (`rope_scaling.rope_type`, a missing `rope_parameters.factor`).
    public init(from decoder: any Decoder) throws {
        let top = try decoder.container(keyedBy: TopLevelKeys.self)
        topLevelTheta = try top.decodeIfPresent(Double.self, forKey: .ropeTheta)
        let nestedKey: TopLevelKeys = top.contains(.ropeParameters) ? .ropeParameters : .ropeScaling
        guard top.contains(nestedKey), try !top.decodeNil(forKey: nestedKey) else {
            nestedTheta = nil
            partialRotaryFactor = try top.decodeIfPresent(Double.self, forKey: .partialRotaryFactor)
            type = "default"
            scaling = .none
            return
        }
        let nested = try top.nestedContainer(keyedBy: NestedKeys.self, forKey: nestedKey)
        nestedTheta = try nested.decodeIfPresent(Double.self, forKey: .ropeTheta)
        partialRotaryFactor = try nested.decodeIfPresent(Double.self, forKey: .partialRotaryFactor)
            ?? top.decodeIfPresent(Double.self, forKey: .partialRotaryFactor)
        let typeKey: NestedKeys = nested.contains(.ropeType) ? .ropeType : .type
        type = try nested.decodeIfPresent(String.self, forKey: typeKey) ?? "default"
        scaling = try Self.scaling(type, typeKey: typeKey, in: nested)
    }

    private static func scaling(_ type: String, typeKey: NestedKeys, in c: KeyedDecodingContainer<NestedKeys>) throws -> RoPEScaling {
        func positive(_ key: NestedKeys) throws -> Double {
            let value = try c.decode(Double.self, forKey: key)
            try c.check(value > 0, key, "must be positive, got \(value)")
            return value
        }
        switch type {
        case "default":
            return .none
        case "linear":
            return .linear(factor: try positive(.factor))
        case "llama3":
            return .llama3(factor: try positive(.factor), lowFrequencyFactor: try positive(.lowFrequencyFactor),
                           highFrequencyFactor: try positive(.highFrequencyFactor),
                           originalContextLength: try c.count(forKey: .originalMaxPositionEmbeddings))
        default:
            // Other variants (dynamic, yarn, longrope, …) change the frequencies differently;
            // running them as plain RoPE would be silently wrong.
            throw DecodingError.dataCorruptedError(forKey: typeKey, in: c,
                                                   debugDescription: "rope type '\(type)' is not supported (supported: \(supportedTypes))")
        }
    }

    /// Rotated dimensions per head: int(headSize · factor) as transformers computes it, rounded
    /// down to even so pairs stay whole.
    public static func rotaryDimensions(headSize: Int, factor: Double) -> Int {
        Int(Double(headSize) * factor) / 2 * 2
    }
}
