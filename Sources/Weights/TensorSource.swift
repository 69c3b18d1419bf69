/// Named tensors of a checkpoint, read as float32 whatever their stored type: a GGUF file or a
/// Hugging Face safetensors checkpoint. Architectures load through this, so one loader serves
/// any container that names tensors the same way.
public protocol TensorSource: Sendable {
    /// The file or folder the tensors come from, for error messages.
    var path: String { get }
    /// Every tensor name, sorted.
    var tensorNames: [String] { get }
    /// Row-major shape (outermost first), or nil when there is no such tensor.
    func shape(of name: String) -> [Int]?
    /// The tensor converted to float32, row-major.
    func floats(_ name: String) throws -> [Float]
    /// The tensor's bytes as stored (memory-mapped), with their element type.
    func stored(_ name: String) throws -> StoredTensor
}

extension TensorSource {
    public func contains(_ name: String) -> Bool { shape(of: name) != nil }

    /// The tensor as float32, after checking it exists with exactly `expected` shape.
    public func floats(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let actual = shape(of: name) else { throw WeightsError(file: path, "missing tensor '\(name)'") }
        guard actual == expected else {
            throw WeightsError(file: path, "tensor '\(name)' has shape \(actual), expected \(expected)")
        }
        return try floats(name)
    }

    /// The stored tensor, after checking it exists with exactly `expected` shape.
    public func stored(_ name: String, shape expected: [Int]) throws -> StoredTensor {
        guard let actual = shape(of: name) else { throw WeightsError(file: path, "missing tensor '\(name)'") }
        guard actual == expected else {
            throw WeightsError(file: path, "tensor '\(name)' has shape \(actual), expected \(expected)")
        }
        return try stored(name)
    }
}

extension GGUFFile: TensorSource {
    public func shape(of name: String) -> [Int]? { try? tensorInfo(name).shape }
    public var tensorNames: [String] { tensors.map(\.name).sorted() }
}
