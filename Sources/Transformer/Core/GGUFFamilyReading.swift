import Foundation
import Weights

/// What every architecture's GGUF mapping reads the same way: the embedding's shape, required
/// keys, refusals of what the loaders do not apply, and the Hugging Face configuration a family's
/// forward pass is built from, filled from GGUF keys.
extension GGUFModelReader {
    /// (vocabulary, width) of `token_embd.weight`.
    func embeddingShape() throws -> (vocabulary: Int, width: Int) {
        let embedding = try file.tensorInfo(GGUFNames.tokenEmbedding)
        guard embedding.shape.count == 2 else {
            throw ModelError(file: file.path, "tensor '\(GGUFNames.tokenEmbedding)' has shape \(embedding.shape), expected [vocab, dim]")
        }
        return (embedding.shape[0], embedding.shape[1])
    }

    /// Scaled RoPE (linear, yarn, llama3's rope_freqs tensor) is not applied from GGUF metadata:
    /// refused rather than run as plain RoPE silently.
    func refuseScaledRoPE() throws {
        if let scaling = file.metadata[key("rope.scaling.type")], scaling.stringValue != "none" {
            throw ModelError(file: file.path, "metadata key '\(key("rope.scaling.type"))' is \(scaling.summary): scaled RoPE from GGUF is not supported")
        }
    }

    /// A number `{arch}.suffix` (eps, softcap), required.
    func number(_ suffix: String) throws -> Double {
        guard let stored = file.metadata[key(suffix)] else { throw ModelError(file: file.path, "missing metadata key '\(key(suffix))'") }
        guard let value = stored.doubleValue else {
            throw ModelError(file: file.path, "metadata key '\(key(suffix))' must be a number, got \(stored.summary)")
        }
        return value
    }

    /// A flag `{arch}.suffix`, `default` when absent.
    func flag(_ suffix: String, default value: Bool) throws -> Bool {
        guard let stored = file.metadata[key(suffix)] else { return value }
        guard let flag = stored.boolValue else {
            throw ModelError(file: file.path, "metadata key '\(key(suffix))' must be a boolean, got \(stored.summary)")
        }
        return flag
    }

    /// The width of a stored tensor's rows (its first dimension) — for sizes llama.cpp takes from
    /// the tensors rather than the metadata.
    func rows(of tensor: String) throws -> Int {
        let info = try file.tensorInfo(tensor)
        guard let rows = info.shape.first, info.shape.count == 2 else {
            throw ModelError(file: file.path, "tensor '\(tensor)' has shape \(info.shape), expected a matrix")
        }
        return rows
    }

    /// A family's Hugging Face configuration type decoded from `values` (config.json keys filled
    /// from GGUF metadata), so the GGUF model runs with the same checked configuration its folder
    /// would; a value the configuration rejects is reported against this file.
    func configuration<Configuration: Decodable>(_ type: Configuration.Type, _ values: [String: Any]) throws -> Configuration {
        let data = try JSONSerialization.data(withJSONObject: values)
        do {
            return try HFCheckpoint.decode(type, from: data, path: file.path)
        } catch let error as ModelError {
            throw ModelError(file: file.path, "metadata gives an invalid \(architecture) configuration: \(error.problem)")
        }
    }
}
