/// Where one tensor lives inside a GGUF file.
public struct GGUFTensorInfo: Sendable, Equatable {
    public var name: String
    /// ggml order: `dimensions[0]` is the innermost (contiguous) axis. A PyTorch weight of shape
    /// [out, in] appears here as [in, out].
    public var dimensions: [Int]
    public var type: GGMLType
    /// Byte offset from the start of the file.
    public var fileOffset: Int
    public var byteCount: Int

    public var elementCount: Int { dimensions.reduce(1, *) }
    /// Row-major shape, outermost first (PyTorch order).
    public var shape: [Int] { dimensions.reversed() }
}

/// A bounds-checked GGUF v2/v3 reader over a memory-mapped file (format: ggml's docs/gguf.md).
///
/// Every length, count and offset read from the file is checked against the bytes that remain
/// and against sanity caps before use, so truncated or hostile files are rejected with a
/// `WeightsError` naming the file and the problem.
public final class GGUFFile: Sendable {
    public static let magic: UInt32 = 0x4655_4747  // "GGUF" little-endian
    static let maxStringBytes = 1 << 28
    static let maxArrayCount = 1 << 28
    static let maxDimensions = 4

    public let path: String
    public let version: UInt32
    /// Metadata keys in file order, and their values.
    public let metadataKeys: [String]
    public let metadata: [String: GGUFValue]
    public let tensors: [GGUFTensorInfo]
    private let tensorIndex: [String: Int]
    let mapping: MappedFile

    public convenience init(path: String) throws {
        try self.init(mapping: MappedFile(path: path))
    }

    public init(mapping: MappedFile) throws {
        self.mapping = mapping
        self.path = mapping.path
        var reader = ByteReader(mapping.bytes, file: mapping.path)

        let magic = try reader.read(UInt32.self, "magic")
        guard magic == Self.magic else {
            throw reader.error("not a GGUF file (magic 0x\(String(magic, radix: 16)), expected 0x\(String(Self.magic, radix: 16)) 'GGUF')")
        }
        version = try reader.read(UInt32.self, "version")
        guard version == 2 || version == 3 else {
            throw reader.error("unsupported GGUF version \(version) (supported: 2, 3)")
        }
        let tensorCount = try reader.read(UInt64.self, "tensor count")
        let keyCount = try reader.read(UInt64.self, "metadata count")
        // Each key needs at least 12 bytes and each tensor info at least 24: reject absurd counts early.
        guard keyCount <= UInt64(reader.remaining / 12), tensorCount <= UInt64(reader.remaining / 24) else {
            throw reader.error("truncated: header claims \(keyCount) metadata keys and \(tensorCount) tensors in \(reader.remaining) bytes")
        }

        var keys: [String] = []
        var values: [String: GGUFValue] = [:]
        for index in 0..<Int(keyCount) {
            let key = try Self.readString(&reader, "metadata key \(index)")
            guard values[key] == nil else { throw reader.error("duplicate metadata key '\(key)'") }
            let typeCode = try reader.read(UInt32.self, "type of '\(key)'")
            values[key] = try Self.readValue(&reader, typeCode: typeCode, key: key, depth: 0)
            keys.append(key)
        }
        metadataKeys = keys
        metadata = values

        let alignment = values["general.alignment"]?.intValue ?? 32
        guard alignment > 0, alignment & (alignment - 1) == 0, alignment <= 1 << 16 else {
            throw reader.error("general.alignment must be a power of two, got \(alignment)")
        }

        var infos: [(name: String, dims: [Int], type: GGMLType, relative: Int, bytes: Int)] = []
        var index: [String: Int] = [:]
        for tensorNumber in 0..<Int(tensorCount) {
            let name = try Self.readString(&reader, "tensor \(tensorNumber) name")
            guard index[name] == nil else { throw reader.error("duplicate tensor '\(name)'") }
            let dimCount = try reader.read(UInt32.self, "dimension count of '\(name)'")
            guard dimCount >= 1, dimCount <= Self.maxDimensions else {
                throw reader.error("tensor '\(name)' has \(dimCount) dimensions (1...\(Self.maxDimensions) supported)")
            }
            var dims: [Int] = []
            var elements = 1
            for axis in 0..<Int(dimCount) {
                let dim = try reader.read(UInt64.self, "dimension \(axis) of '\(name)'")
                guard dim >= 1, dim <= UInt64(Int32.max) else {
                    throw reader.error("tensor '\(name)' dimension \(axis) is \(dim)")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
                guard !overflow, product <= 1 << 40 else { throw reader.error("tensor '\(name)' is too large") }
                elements = product
                dims.append(Int(dim))
            }
            let typeCode = try reader.read(UInt32.self, "type of '\(name)'")
            guard let type = GGMLType(rawValue: typeCode) else {
                throw reader.error("tensor '\(name)' has unsupported type \(GGMLType.unsupportedName(typeCode)) (supported: \(GGMLType.allCases.map(\.name).joined(separator: ", ")))")
            }
            guard dims[0] % type.blockSize == 0 else {
                throw reader.error("tensor '\(name)' row length \(dims[0]) is not a multiple of the \(type.name) block size \(type.blockSize)")
            }
            let offset = try reader.read(UInt64.self, "offset of '\(name)'")
            guard offset <= UInt64(Int.max / 2), Int(offset) % alignment == 0 else {
                throw reader.error("tensor '\(name)' offset \(offset) is not aligned to \(alignment)")
            }
            index[name] = infos.count
            infos.append((name, dims, type, Int(offset), elements / type.blockSize * type.blockBytes))
        }

        // Tensor data starts at the next multiple of the alignment after the header.
        let dataStart = (reader.offset + alignment - 1) / alignment * alignment
        let fileSize = mapping.bytes.count
        tensors = try infos.map { info in
            let start = dataStart + info.relative
            guard start <= fileSize, info.bytes <= fileSize - start else {
                throw WeightsError(file: mapping.path, "truncated: tensor '\(info.name)' needs bytes \(start)..<\(start + info.bytes), file has \(fileSize)")
            }
            return GGUFTensorInfo(name: info.name, dimensions: info.dims, type: info.type, fileOffset: start, byteCount: info.bytes)
        }
        tensorIndex = index
    }

    public func tensorInfo(_ name: String) throws -> GGUFTensorInfo {
        guard let position = tensorIndex[name] else { throw WeightsError(file: path, "missing tensor '\(name)'") }
        return tensors[position]
    }

    public func hasTensor(_ name: String) -> Bool { tensorIndex[name] != nil }

    /// The stored bytes of a tensor (valid while this file object lives).
    public func rawData(_ info: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: mapping.bytes[info.fileOffset..<(info.fileOffset + info.byteCount)])
    }

    /// The tensor converted to float32, row-major, `shape` order.
    public func floats(_ name: String) throws -> [Float] {
        let info = try tensorInfo(name)
        return try Dequantize.toFloat32(rawData(info), type: info.type, count: info.elementCount)
    }

    // MARK: - Metadata accessors with errors that name the key

    public func string(_ key: String) throws -> String {
        guard let value = metadata[key]?.stringValue else { throw missing(key, "a string") }
        return value
    }

    public func int(_ key: String) throws -> Int {
        guard let value = metadata[key]?.intValue else { throw missing(key, "an integer") }
        return value
    }

    public func double(_ key: String) throws -> Double {
        guard let value = metadata[key]?.doubleValue else { throw missing(key, "a number") }
        return value
    }

    public func strings(_ key: String) throws -> [String] {
        guard let items = metadata[key]?.arrayValue else { throw missing(key, "an array of strings") }
        return try items.map {
            guard let text = $0.stringValue else { throw missing(key, "an array of strings") }
            return text
        }
    }

    public func ints(_ key: String) throws -> [Int] {
        guard let items = metadata[key]?.arrayValue else { throw missing(key, "an array of integers") }
        return try items.map {
            guard let value = $0.intValue else { throw missing(key, "an array of integers") }
            return value
        }
    }

    private func missing(_ key: String, _ expected: String) -> WeightsError {
        metadata[key] == nil
            ? WeightsError(file: path, "missing metadata key '\(key)'")
            : WeightsError(file: path, "metadata key '\(key)' is not \(expected)")
    }

    // MARK: - Parsing

    private static func readString(_ reader: inout ByteReader, _ what: @autoclosure () -> String) throws -> String {
        let length = try reader.read(UInt64.self, "\(what()) length")
        guard length <= UInt64(maxStringBytes) else { throw reader.error("\(what()) claims \(length) bytes") }
        let bytes = try reader.readBytes(Int(length), what())
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func readValue(_ reader: inout ByteReader, typeCode: UInt32, key: String, depth: Int) throws -> GGUFValue {
        guard let type = GGUFValueType(rawValue: typeCode) else {
            throw reader.error("metadata '\(key)' has unknown value type \(typeCode)")
        }
        switch type {
        case .uint8: return .uint(UInt64(try reader.read(UInt8.self, key)))
        case .int8: return .int(Int64(try reader.read(Int8.self, key)))
        case .uint16: return .uint(UInt64(try reader.read(UInt16.self, key)))
        case .int16: return .int(Int64(try reader.read(Int16.self, key)))
        case .uint32: return .uint(UInt64(try reader.read(UInt32.self, key)))
        case .int32: return .int(Int64(try reader.read(Int32.self, key)))
        case .uint64: return .uint(try reader.read(UInt64.self, key))
        case .int64: return .int(try reader.read(Int64.self, key))
        case .float32: return .float(Double(try reader.readFloat(key)))
        case .float64: return .float(try reader.readDouble(key))
        case .bool:
            let byte = try reader.read(UInt8.self, key)
            guard byte <= 1 else { throw reader.error("metadata '\(key)' has bool value \(byte)") }
            return .bool(byte == 1)
        case .string: return .string(try readString(&reader, "metadata '\(key)'"))
        case .array:
            guard depth == 0 else { throw reader.error("metadata '\(key)' nests arrays") }
            let elementCode = try reader.read(UInt32.self, "element type of '\(key)'")
            let count = try reader.read(UInt64.self, "element count of '\(key)'")
            guard count <= UInt64(maxArrayCount), count <= UInt64(reader.remaining) else {
                throw reader.error("truncated: metadata '\(key)' claims \(count) elements, \(reader.remaining) bytes left")
            }
            var items: [GGUFValue] = []
            items.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                items.append(try readValue(&reader, typeCode: elementCode, key: key, depth: depth + 1))
            }
            return .array(items)
        }
    }
}
