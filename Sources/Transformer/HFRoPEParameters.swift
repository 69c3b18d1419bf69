import Kernels

/// RoPE settings of a config.json in either key style: transformers v5's
/// `rope_parameters {rope_theta, rope_type, factor, …}`, or the v4 style most published
/// checkpoints carry (`rope_theta` at the top level, `rope_scaling {rope_type | type, factor, …}`
/// or null). Decode it from the same bytes as the architecture's own configuration.
public struct HFRoPEParameters: Decodable, Sendable, Equatable {
    public var theta: Double
    /// `default`, `linear`, `llama3`, … (v4's older `type` key is accepted too).
    public var type: String
    public var factor: Double?
    public var lowFrequencyFactor: Double?
    public var highFrequencyFactor: Double?
    public var originalMaxPositionEmbeddings: Int?

    static let defaultTheta = 10_000.0

    private enum TopLevelKeys: String, CodingKey {
        case ropeParameters = "rope_parameters", ropeTheta = "rope_theta", ropeScaling = "rope_scaling"
    }

    private struct Entries: Decodable {
        var ropeTheta: Double?
        var ropeType: String?
        var type: String?
        var factor: Double?
        var lowFreqFactor: Double?
        var highFreqFactor: Double?
        var originalMaxPositionEmbeddings: Int?

        enum CodingKeys: String, CodingKey {
            case ropeTheta = "rope_theta", ropeType = "rope_type", type, factor
            case lowFreqFactor = "low_freq_factor", highFreqFactor = "high_freq_factor"
            case originalMaxPositionEmbeddings = "original_max_position_embeddings"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TopLevelKeys.self)
        let entries = container.contains(.ropeParameters)
            ? try container.decodeIfPresent(Entries.self, forKey: .ropeParameters)
            : try container.decodeIfPresent(Entries.self, forKey: .ropeScaling)
        let topLevelTheta = try container.decodeIfPresent(Double.self, forKey: .ropeTheta)
        theta = entries?.ropeTheta ?? topLevelTheta ?? Self.defaultTheta
        type = entries?.ropeType ?? entries?.type ?? "default"
        factor = entries?.factor
        lowFrequencyFactor = entries?.lowFreqFactor
        highFrequencyFactor = entries?.highFreqFactor
        originalMaxPositionEmbeddings = entries?.originalMaxPositionEmbeddings
    }

    /// The frequency scaling this names; `configPath` is for the error when the type is not
    /// supported or a parameter it needs is missing.
    public func scaling(configPath: String) throws -> RoPEScaling {
        func required<T>(_ value: T?, _ key: String) throws -> T {
            guard let value else {
                throw ModelError(file: configPath, "rope_type '\(type)' needs key '\(key)' in rope_parameters (or rope_scaling)")
            }
            return value
        }
        switch type {
        case "default":
            return .none
        case "linear":
            return .linear(factor: try required(factor, "factor"))
        case "llama3":
            return .llama3(factor: try required(factor, "factor"),
                           lowFrequencyFactor: try required(lowFrequencyFactor, "low_freq_factor"),
                           highFrequencyFactor: try required(highFrequencyFactor, "high_freq_factor"),
                           originalContextLength: try required(originalMaxPositionEmbeddings, "original_max_position_embeddings"))
        default:
            throw ModelError(file: configPath, "rope_type '\(type)' is not supported (supported: default, linear, llama3)")
        }
    }
}
