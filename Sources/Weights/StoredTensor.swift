/// A tensor's bytes as the checkpoint stores them, inside a memory mapping whose bounds were
/// checked when the file was opened. `owner` keeps the mapping alive: hold it as long as `bytes`.
public struct StoredTensor: @unchecked Sendable {
    // @unchecked: `bytes` is read-only mapped memory that lives as long as `owner`.
    public let type: GGMLType
    /// Row-major shape, outermost first.
    public let shape: [Int]
    /// Exactly the tensor's data (`elementCount / type.blockSize · type.blockBytes` bytes).
    public let bytes: UnsafeRawBufferPointer
    public let owner: any AnyObject & Sendable
}

extension SafetensorsFile {
    /// The stored bytes of an F32, F16 or BF16 tensor.
    public func stored(_ name: String) throws -> StoredTensor {
        guard let info = tensors[name] else { throw WeightsError(file: path, "missing tensor '\(name)'") }
        let type: GGMLType
        switch info.dtype {
        case "F32": type = .f32
        case "F16": type = .f16
        case "BF16": type = .bf16
        default: throw WeightsError(file: path, "tensor '\(name)' has dtype \(info.dtype); supported: F32, F16, BF16")
        }
        return StoredTensor(type: type, shape: info.shape, bytes: rawData(info), owner: self)
    }
}

extension GGUFFile {
    /// The stored bytes of a tensor, whatever its type.
    public func stored(_ name: String) throws -> StoredTensor {
        let info = try tensorInfo(name)
        return StoredTensor(type: info.type, shape: info.shape, bytes: rawData(info), owner: self)
    }
}
