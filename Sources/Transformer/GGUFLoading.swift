import Weights

/// Reads hyperparameters of a GGUF file with errors that name the file and the key. Keys follow
/// llama.cpp's one pattern (`<arch>.attention.head_count`), so one decoder serves every
/// architecture. Tensors are read through `TensorReader`, by the names `GGUFNames` gives.
struct GGUFModelReader {
    let file: GGUFFile
    let architecture: String

    init(_ file: GGUFFile) throws {
        self.file = file
        architecture = try file.string("general.architecture")
    }

    func int(_ suffix: String) throws -> Int { try file.int("\(architecture).\(suffix)") }

    func int(_ suffix: String, default value: Int) -> Int {
        file.metadata["\(architecture).\(suffix)"]?.intValue ?? value
    }

    func double(_ suffix: String, default value: Double) -> Double {
        file.metadata["\(architecture).\(suffix)"]?.doubleValue ?? value
    }

    func double(_ suffix: String) throws -> Double { try file.double("\(architecture).\(suffix)") }

    /// `<arch>.context_length`, 4096 when absent.
    var contextLength: Int { int("context_length", default: 4096) }
}

/// GGUF tensor names (llama.cpp's `LLM_TENSOR_NAMES`); norms and blocks are prefixes that
/// `TensorReader` completes with `.weight`.
enum GGUFNames {
    static let tokenEmbedding = "token_embd.weight"
    static let outputNorm = "output_norm"
    static let output = "output.weight"
    static func block(_ layer: Int, _ name: String) -> String { "blk.\(layer).\(name)" }
}
