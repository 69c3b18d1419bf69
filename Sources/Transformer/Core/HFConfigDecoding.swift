import Kernels

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

    /// A count (width, head count, vocabulary, context) within `range`: `key '<key>': must be in 1...N, got -1`.
    func count(forKey key: Key, in range: ClosedRange<Int> = ModelLimits.count) throws -> Int {
        let value = try decode(Int.self, forKey: key)
        if let problem = ModelLimits.problem(value, in: range) { throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: problem) }
        return value
    }

    /// `count(forKey:in:)` when the key is present (and not null), nil otherwise.
    func countIfPresent(forKey key: Key, in range: ClosedRange<Int> = ModelLimits.count) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try count(forKey: key, in: range)
    }

    /// The number of layers (`num_hidden_layers`), within `ModelLimits.layers`.
    func layerCount(forKey key: Key) throws -> Int { try count(forKey: key, in: ModelLimits.layers) }

    /// `default` when the key is absent, nil when it is JSON null (a feature switched off).
    func optional<T: Decodable>(_ type: T.Type, forKey key: Key, default value: T) throws -> T? {
        guard contains(key) else { return value }
        return try decodeNil(forKey: key) ? nil : decode(type, forKey: key)
    }
}
