import Foundation
import Weights

/// A Hugging Face model folder: `config.json` plus safetensors weights. The configuration is
/// decoded in two steps, as mlx-swift-lm does: `model_type` picks the architecture, then that
/// architecture decodes its own struct from the same bytes (`decodeConfiguration`).
public struct HFCheckpoint: Sendable {
    public static let configFileName = "config.json"

    public let folder: String
    public let configPath: String
    public let modelType: String
    public let tensors: SafetensorsCheckpoint
    private let configData: Data

    public init(folder: String) throws {
        self.folder = folder
        configPath = (folder as NSString).appendingPathComponent(Self.configFileName)
        do {
            configData = try WeightsError.readFile(configPath)
        } catch {
            throw ModelError(file: configPath, error.problem)
        }
        modelType = try Self.decode(ModelTypeField.self, from: configData, path: configPath).modelType
        tensors = try SafetensorsCheckpoint(folder: folder)
    }

    private struct ModelTypeField: Decodable {
        var modelType: String
        enum CodingKeys: String, CodingKey { case modelType = "model_type" }
    }

    /// Decodes the architecture's configuration struct; a missing or mistyped key is reported
    /// as `config.json: key 'num_attention_heads': …`.
    public func decodeConfiguration<Configuration: Decodable>(_ type: Configuration.Type) throws -> Configuration {
        try Self.decode(type, from: configData, path: configPath)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw ModelError(file: path, Self.describe(error))
        } catch {
            throw ModelError(file: path, "not valid JSON: \(error.localizedDescription)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func keyPath(_ path: [any CodingKey], appending key: (any CodingKey)? = nil) -> String {
            let keys = (path + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(keyPath(context.codingPath, appending: key))'"
        case .typeMismatch(let type, let context):
            return "key '\(keyPath(context.codingPath))': expected \(type)"
        case .valueNotFound(let type, let context):
            return "key '\(keyPath(context.codingPath))': null where \(type) is required"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not valid JSON"
                : "key '\(keyPath(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "cannot decode: \(error)"
        }
    }
}
