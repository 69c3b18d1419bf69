import Weights

/// Reads hyperparameters of a GGUF file with errors that name the file and the key. Keys follow
/// llama.cpp's one pattern (`<arch>.attention.head_count`), so one decoder serves every
/// architecture. Tensors are read through `TensorReader`, by the names each family's GGUF mapping gives
/// (`Llama/LlamaGGUF.swift`).
struct GGUFModelReader {
    let file: GGUFFile
    let architecture: String

    init(_ file: GGUFFile) throws {
        self.file = file
        architecture = try file.string("general.architecture")
    }

    func double(_ suffix: String, default value: Double) -> Double {
        file.metadata["\(architecture).\(suffix)"]?.doubleValue ?? value
    }

    func double(_ suffix: String) throws -> Double { try file.double("\(architecture).\(suffix)") }

    /// A count (width, heads, layers, context) within `range`, or `default` when the key is
    /// absent; a value of another type or outside `range` is an error naming the key.
    /// The context length the model runs with (llama.cpp's default when the file names none).
    var contextLength: Int { get throws { try count("context_length", default: 4096) } }

    func count(_ suffix: String, in range: ClosedRange<Int> = ModelLimits.count, default value: Int? = nil) throws -> Int {
        let key = "\(architecture).\(suffix)"
        guard let stored = file.metadata[key] else {
            guard let value else { throw ModelError(file: file.path, "missing metadata key '\(key)'") }
            return value
        }
        guard let count = stored.intValue else {
            throw ModelError(file: file.path, "metadata key '\(key)' must be an integer, got \(stored.summary)")
        }
        if let problem = ModelLimits.problem(count, in: range) { throw ModelError(file: file.path, "metadata key '\(key)' \(problem)") }
        return count
    }

    /// The full key of `suffix` (`llama.block_count`), for messages.
    func key(_ suffix: String) -> String { "\(architecture).\(suffix)" }
}
