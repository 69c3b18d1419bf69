import Kernels
import Weights

/// Reads a checkpoint's tensors as float32 for a loader: every tensor checked for presence and
/// exact shape, and every name read remembered so that a checkpoint holding tensors the
/// configuration does not explain is refused rather than silently run as a different model.
/// One reader serves one load (GGUF or safetensors alike). Layer matrices follow `precision`.
/// With `compute: .bfloat16` every parameter is rounded to bf16 as it is read, as transformers
/// does loading a checkpoint with `dtype=torch.bfloat16` (nothing changes for BF16 tensors), and
/// every linear layer gets that compute precision.
final class TensorReader {
    let source: any TensorSource
    let precision: WeightPrecision
    let compute: ComputePrecision
    private(set) var used: Set<String> = []

    init(_ source: any TensorSource, precision: WeightPrecision, compute: ComputePrecision = .float32) {
        self.source = source
        self.precision = precision
        self.compute = compute
    }

    func tensor(_ name: String, shape: [Int]) throws -> [Float] {
        used.insert(name)
        var values = try source.floats(name, shape: shape)
        releaseMappedPages(of: name)
        if compute == .bfloat16 { for i in values.indices { values[i] = BFloat16.rounded(values[i]) } }
        return values
    }

    /// Hands the checkpoint pages a converted tensor was read from back to the kernel: the model
    /// keeps the float32 copy, so the mapped bytes would only double its resident memory. (They
    /// stay readable; a later read faults them in again from the file.)
    private func releaseMappedPages(of name: String) {
        guard let stored = try? source.stored(name), let owner = stored.owner as? any MappedPagesOwner else { return }
        owner.releasePages(stored.bytes)
    }

    /// A layer's (rows, columns) matrix: under `.stored`, the checkpoint's own bytes where
    /// `StoredMatrix` keeps the type (F16, BF16, GGUF integer groups); float32 otherwise. bf16
    /// compute keeps BF16 alone: it rounds every other type to bf16, so those become rounded float32.
    func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
        guard precision == .stored else { return .float32(try tensor(name, shape: [rows, columns])) }
        let stored = try source.stored(name, shape: [rows, columns])
        guard StoredMatrix.keeps(stored.type), compute == .float32 || stored.type == .bf16 else {
            return .float32(try tensor(name, shape: [rows, columns]))
        }
        used.insert(name)
        let rowBytes = StoredMatrix.rowBytes(type: stored.type, columns: columns)
        guard let start = stored.bytes.baseAddress, columns % stored.type.blockSize == 0, stored.bytes.count == rows * rowBytes else {
            throw ModelError(file: source.path, "tensor '\(name)' has \(stored.bytes.count) bytes for \(rows)×\(columns) \(stored.type.name)")
        }
        return .stored(StoredMatrix(type: stored.type, columns: columns, segments: [.init(start: start, rows: rows)], owners: [stored.owner]))
    }

    /// A (rows, columns) token-embedding table, kept as stored like a layer matrix.
    func embeddingTable(_ name: String, rows: Int, columns: Int) throws -> EmbeddingTable {
        EmbeddingTable(try matrix(name, rows: rows, columns: columns), rows: rows, width: columns)
    }

    /// `<prefix>.weight` (outputs, inputs) and, with `bias`, `<prefix>.bias` (outputs).
    func dense(_ prefix: String, outputs: Int, inputs: Int, bias: Bool) throws -> DenseLayer {
        DenseLayer(weight: try matrix("\(prefix).weight", rows: outputs, columns: inputs),
                   bias: bias ? try tensor("\(prefix).bias", shape: [outputs]) : nil,
                   outputs: outputs, inputs: inputs).computing(compute)
    }

    /// Several linear layers with one input, stacked along the output axis (fused Q|K|V, gate|up).
    /// The matrices are stacked before packing, so the fused layer is packed once.
    func stackedDense(_ prefixes: [(name: String, outputs: Int)], inputs: Int, bias: Bool) throws -> DenseLayer {
        let weights = try prefixes.map { try matrix("\($0.name).weight", rows: $0.outputs, columns: inputs) }
        let biases = try prefixes.map { try bias ? tensor("\($0.name).bias", shape: [$0.outputs]) : [] }
        let stored = weights.compactMap { if case .stored(let matrix) = $0 { matrix } else { nil } }
        let stacked = stored.count == weights.count ? StoredMatrix.stacking(stored) : nil
        let weight = stacked.map(WeightMatrix.stored) ?? .float32(weights.flatMap(\.floats))
        return DenseLayer(weight: weight, bias: bias ? biases.flatMap { $0 } : nil,
                          outputs: prefixes.reduce(0) { $0 + $1.outputs }, inputs: inputs).computing(compute)
    }

    /// `<prefix>.weight` (width) and, with `bias`, `<prefix>.bias` (width).
    func norm(_ prefix: String, width: Int, bias: Bool) throws -> NormWeights {
        NormWeights(weight: try tensor("\(prefix).weight", shape: [width]),
                    bias: bias ? try tensor("\(prefix).bias", shape: [width]) : nil)
    }

    /// The weights store exactly `count` layers, `key`'s value in `file`: layer count−1's `probe`
    /// tensor exists and layer count's does not. Called before anything is sized by `count`, so a
    /// hostile layer count is an error naming the key, and a short one never runs a truncated model.
    func checkLayerCount(_ count: Int, key: String, file: String, probe: (Int) -> String) throws {
        if let problem = ModelLimits.problem(count, in: ModelLimits.layers) {
            throw ModelError(file: file, "\(key) \(problem)")
        }
        guard source.contains(probe(count - 1)) else {
            throw ModelError(file: file, "\(key) is \(count) but \(source.path) has no layer \(count - 1) (no tensor '\(probe(count - 1))')")
        }
        guard !source.contains(probe(count)) else {
            throw ModelError(file: file, "\(key) is \(count) but \(source.path) stores more layers (tensor '\(probe(count))')")
        }
    }

    /// Every tensor of the checkpoint was read, except those `ignored` names (buffers transformers
    /// also skips, a tied head's stored copy) and RoPE frequency buffers of safetensors
    /// checkpoints. `settings` names what decided the model (`this config.json`), for the message.
    /// A GGUF's `rope_freqs` is not ignored: it carries scaled frequencies the loader does not apply.
    func checkAllUsed(modelType: String, settings: String = "this config.json", ignoring ignored: (String) -> Bool = { _ in false }) throws {
        let isSafetensors = source is SafetensorsCheckpoint || source is SafetensorsFile
        let unused = source.tensorNames.filter {
            !used.contains($0) && !ignored($0) && !(isSafetensors && $0.hasSuffix("rotary_emb.inv_freq"))
        }
        guard unused.isEmpty else {
            let shown = unused.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            throw ModelError(file: source.path, "\(unused.count) tensor(s) not used by a \(modelType) model with \(settings): \(shown)\(unused.count > 3 ? ", …" : "")")
        }
    }
}
