import Weights

/// Reads a checkpoint's tensors as float32 for a loader: every tensor checked for presence and
/// exact shape, and every name read remembered so that a Hugging Face folder holding tensors the
/// configuration does not explain is refused rather than silently run as a different model.
/// One reader serves one load (GGUF or safetensors alike).
final class TensorReader {
    let source: any TensorSource
    private(set) var used: Set<String> = []

    init(_ source: any TensorSource) { self.source = source }

    func tensor(_ name: String, shape: [Int]) throws -> [Float] {
        used.insert(name)
        return try source.floats(name, shape: shape)
    }

    /// `<prefix>.weight` (outputs, inputs) and, with `bias`, `<prefix>.bias` (outputs).
    func dense(_ prefix: String, outputs: Int, inputs: Int, bias: Bool) throws -> DenseLayer {
        DenseLayer(weight: try tensor("\(prefix).weight", shape: [outputs, inputs]),
                   bias: bias ? try tensor("\(prefix).bias", shape: [outputs]) : nil,
                   outputs: outputs, inputs: inputs)
    }

    /// Several linear layers with one input, stacked along the output axis (fused Q|K|V, gate|up).
    func stackedDense(_ prefixes: [(name: String, outputs: Int)], inputs: Int, bias: Bool) throws -> DenseLayer {
        let parts = try prefixes.map { try dense($0.name, outputs: $0.outputs, inputs: inputs, bias: bias) }
        return DenseLayer(weight: parts.flatMap(\.weight), bias: bias ? parts.flatMap { $0.bias ?? [] } : nil,
                          outputs: parts.reduce(0) { $0 + $1.outputs }, inputs: inputs)
    }

    /// `<prefix>.weight` (width) and, with `bias`, `<prefix>.bias` (width).
    func norm(_ prefix: String, width: Int, bias: Bool) throws -> NormWeights {
        NormWeights(weight: try tensor("\(prefix).weight", shape: [width]),
                    bias: bias ? try tensor("\(prefix).bias", shape: [width]) : nil)
    }

    /// Every tensor of a safetensors checkpoint was read, except those `ignored` names (buffers
    /// transformers also skips, a tied head's stored copy) and RoPE frequency buffers. Other
    /// sources (GGUF) are not checked: converters add tensors of their own.
    func checkAllUsed(modelType: String, ignoring ignored: (String) -> Bool = { _ in false }) throws {
        guard let checkpoint = source as? SafetensorsCheckpoint else { return }
        let unused = checkpoint.tensorNames.filter { !used.contains($0) && !ignored($0) && !$0.hasSuffix("rotary_emb.inv_freq") }
        guard unused.isEmpty else {
            let shown = unused.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            throw ModelError(file: checkpoint.path, "\(unused.count) tensor(s) not used by a \(modelType) model with this config.json: \(shown)\(unused.count > 3 ? ", …" : "")")
        }
    }
}
