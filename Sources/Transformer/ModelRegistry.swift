import Foundation
import Weights

/// Architectures Nucleus can run, keyed by GGUF `general.architecture` (one line each).
public enum ModelRegistry {
    typealias GGUFLoader = @Sendable (GGUFFile, Int) throws -> any CausalLanguageModel

    static let gguf: [String: GGUFLoader] = [
        "llama": { try LlamaModel.load(gguf: $0, threads: $1) },
    ]

    public static var supportedArchitectures: [String] { gguf.keys.sorted() }

    /// Loads the model in a GGUF file.
    public static func load(gguf file: GGUFFile, threads: Int) throws -> any CausalLanguageModel {
        let architecture = try file.string("general.architecture")
        guard let loader = gguf[architecture] else {
            throw ModelError(file: file.path, "unknown architecture '\(architecture)' (supported: \(supportedArchitectures.joined(separator: ", ")))")
        }
        return try loader(file, threads)
    }
}
