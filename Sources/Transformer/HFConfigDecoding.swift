import Kernels

/// RoPE settings of a Hugging Face config.json in either style: transformers v5 nests them in
/// `rope_parameters {rope_type, rope_theta, partial_rotary_factor}`; v4 checkpoints (most
/// published ones) carry top-level `rope_theta` / `partial_rotary_factor` (or per-model names
/// such as GPT-NeoX's `rotary_pct`) and a `rope_scaling {type | rope_type, …}` for scaled RoPE.
/// Architectures resolve the precedence and defaults themselves, as transformers does per model.
struct HFRopeParameters: Decodable {
    var ropeType: String?
    var ropeTheta: Double?
    var partialRotaryFactor: Double?

    enum CodingKeys: String, CodingKey {
        case ropeType = "rope_type", legacyType = "type", ropeTheta = "rope_theta"
        case partialRotaryFactor = "partial_rotary_factor"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ropeType = try c.decodeIfPresent(String.self, forKey: .ropeType) ?? c.decodeIfPresent(String.self, forKey: .legacyType)
        ropeTheta = try c.decodeIfPresent(Double.self, forKey: .ropeTheta)
        partialRotaryFactor = try c.decodeIfPresent(Double.self, forKey: .partialRotaryFactor)
        if let type = ropeType, type != "default" {
            // Scaled variants (linear, dynamic, yarn, …) change the frequencies; running them
            // as plain RoPE would be silently wrong.
            throw DecodingError.dataCorruptedError(
                forKey: c.contains(.ropeType) ? .ropeType : .legacyType, in: c,
                debugDescription: "rope type '\(type)' is not supported for this architecture (only 'default')")
        }
    }

    /// `rope_parameters` (v5), else `rope_scaling` (v4), from an architecture's config container.
    static func decode<Key: CodingKey>(from c: KeyedDecodingContainer<Key>, parameters: Key, scaling: Key) throws -> HFRopeParameters? {
        try c.decodeIfPresent(HFRopeParameters.self, forKey: parameters) ?? c.decodeIfPresent(HFRopeParameters.self, forKey: scaling)
    }

    /// Rotated dimensions per head: int(headSize · factor) as transformers computes it, rounded
    /// down to even so pairs stay whole.
    static func rotaryDimensions(headSize: Int, factor: Double) -> Int {
        Int(Double(headSize) * factor) / 2 * 2
    }
}

/// Small decoding steps every Hugging Face configuration shares, with errors that name the key.
extension KeyedDecodingContainer {
    /// An activation by its HF name, or `name` when the key is absent.
    func activation(forKey key: Key, default name: String) throws -> Activation {
        let value = try decodeIfPresent(String.self, forKey: key) ?? name
        guard let activation = Activation(huggingFaceName: value) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription:
                "unsupported activation '\(value)' (supported: \(Activation.huggingFaceNames.joined(separator: ", ")))")
        }
        return activation
    }

    /// Throws `key '<key>': <problem>` unless `condition` holds.
    func check(_ condition: Bool, _ key: Key, _ problem: String) throws {
        if !condition { throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: problem) }
    }

    /// `default` when the key is absent, nil when it is JSON null (a feature switched off).
    func optional<T: Decodable>(_ type: T.Type, forKey key: Key, default value: T) throws -> T? {
        guard contains(key) else { return value }
        return try decodeNil(forKey: key) ? nil : decode(type, forKey: key)
    }
}
