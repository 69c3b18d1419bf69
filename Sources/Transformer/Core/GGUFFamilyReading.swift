import Foundation
import Kernels
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

    /// The widths every family's loader starts from: vocabulary (rows of the embedding), hidden
    /// width, attention heads and head size (width / heads). `keyLengthAllowed`: a family whose
    /// files may give the head size (`attention.key_length`), which then need not divide the width.
    func attentionWidths(keyLengthAllowed: Bool = false) throws -> (vocabulary: Int, hidden: Int, heads: Int, headSize: Int) {
        let vocabulary = try embeddingShape().vocabulary
        let hidden = try count("embedding_length")
        let heads = try count("attention.head_count")
        let keyLengthGiven = keyLengthAllowed && file.metadata[key("attention.key_length")] != nil
        guard hidden % heads == 0 || keyLengthGiven else {
            throw ModelError(file: file.path, "metadata key '\(key("attention.head_count"))' \(heads) does not divide embedding_length \(hidden)"
                + (keyLengthAllowed ? " and no key_length is given" : ""))
        }
        let headSize = keyLengthAllowed ? try count("attention.key_length", default: hidden / heads) : hidden / heads
        return (vocabulary, hidden, heads, headSize)
    }

    /// Rotary dimensions of a partial-RoPE family (`rope.dimension_count`, at most the head size);
    /// scaled RoPE refused.
    func rotaryDimensions(headSize: Int) throws -> Int {
        let rotary = try count("rope.dimension_count")
        guard rotary <= headSize else {
            throw ModelError(file: file.path, "metadata key '\(key("rope.dimension_count"))' \(rotary) exceeds the head size \(headSize)")
        }
        try refuseScaledRoPE()
        return rotary
    }

    /// The configuration's rotary dimensions (head size × partial factor, rounded to an even
    /// count) must be the stored ones: otherwise the file's count cannot be expressed.
    func checkRotary(configured: Int, stored rotary: Int, headSize: Int) throws {
        guard configured == rotary else {
            throw ModelError(file: file.path, "metadata key '\(key("rope.dimension_count"))' \(rotary) is not an even part of the head size \(headSize)")
        }
    }

    /// The tensors of this file, with `block_count` checked against the blocks it stores.
    func tensors(layers: Int, precision: WeightPrecision, compute: ComputePrecision) throws -> TensorReader {
        let tensors = TensorReader(file, precision: precision, compute: compute)
        try tensors.checkLayerCount(layers, key: "metadata key '\(key("block_count"))'", file: file.path) { GGUFNames.block($0, "attn_norm.weight") }
        return tensors
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
