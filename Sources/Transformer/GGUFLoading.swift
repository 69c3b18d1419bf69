import Weights

/// Reads hyperparameters and tensors of a GGUF file with errors that name the file and the key.
/// Keys follow llama.cpp's one pattern (`<arch>.attention.head_count`), so one decoder serves
/// every architecture; tensor names come from `GGUFNames`.
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

    /// A tensor as float32, checked against the expected row-major shape.
    func tensor(_ name: String, shape: [Int]) throws -> [Float] {
        let info = try file.tensorInfo(name)
        guard info.shape == shape else {
            throw ModelError(file: file.path, "tensor '\(name)' has shape \(info.shape), expected \(shape)")
        }
        return try file.floats(name)
    }

    /// Several tensors with the same inner width stacked along the outer axis.
    func stacked(_ parts: [(name: String, rows: Int)], width: Int) throws -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(parts.reduce(0) { $0 + $1.rows } * width)
        for part in parts { result += try tensor(part.name, shape: [part.rows, width]) }
        return result
    }
}

/// GGUF tensor names (llama.cpp's `LLM_TENSOR_NAMES`).
enum GGUFNames {
    static let tokenEmbedding = "token_embd.weight"
    static let outputNorm = "output_norm.weight"
    static let output = "output.weight"
    static func block(_ layer: Int, _ name: String) -> String { "blk.\(layer).\(name).weight" }
}
