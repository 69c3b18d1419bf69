import Foundation

/// One `.safetensors` file: an 8-byte little-endian header length, a JSON header mapping tensor
/// names to `{dtype, shape, data_offsets}`, then the data. Memory-mapped; every offset in the
/// header is checked against the file before any tensor is read.
public final class SafetensorsFile: Sendable {
    public struct TensorInfo: Sendable, Equatable {
        public var name: String
        public var dtype: String
        public var shape: [Int]
        /// Byte range inside the file (already offset past the header).
        public var byteRange: Range<Int>
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Element types Nucleus converts to float32, with their sizes in bytes.
    public static let floatTypes: [String: Int] = ["F32": 4, "F16": 2, "BF16": 2]
    /// Sizes of the other types a header may declare (validated, not convertible).
    static let otherTypes: [String: Int] = [
        "F64": 8, "I64": 8, "U64": 8, "I32": 4, "U32": 4, "I16": 2, "U16": 2, "I8": 1, "U8": 1, "BOOL": 1,
        "F8_E4M3": 1, "F8_E5M2": 1,
    ]
    /// A header larger than this is not a weights file (the format's own limit is 100 MB).
    static let maximumHeaderBytes = 100_000_000

    public let path: String
    public let tensors: [String: TensorInfo]
    public let metadata: [String: String]
    let mapping: MappedFile

    public convenience init(path: String) throws {
        try self.init(mapping: MappedFile(path: path))
    }

    public init(mapping: MappedFile) throws {
        self.mapping = mapping
        path = mapping.path
        let bytes = mapping.bytes
        let fail = { (problem: String) in WeightsError(file: mapping.path, problem) }
        guard bytes.count >= 8 else { throw fail("truncated: \(bytes.count) bytes, a safetensors file starts with an 8-byte header length") }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(Self.maximumHeaderBytes), Int(declared) <= bytes.count - 8 else {
            throw fail("header length \(declared) exceeds the file (\(bytes.count) bytes): not a safetensors file or truncated")
        }
        let headerBytes = Data(UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + Int(declared))]))
        guard let header = (try? JSONSerialization.jsonObject(with: headerBytes)) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        let dataStart = 8 + Int(declared)
        let dataSize = bytes.count - dataStart
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                for (key, entry) in value as? [String: Any] ?? [:] { metadata[key] = entry as? String }
                continue
            }
            guard let entry = value as? [String: Any],
                  let dtype = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [Any])?.compactMap(Self.nonNegativeInt),
                  shape.count == (entry["shape"] as? [Any])?.count,
                  let offsets = (entry["data_offsets"] as? [Any])?.compactMap(Self.nonNegativeInt), offsets.count == 2
            else {
                throw fail("tensor '\(name)': header entry needs dtype, shape and data_offsets [begin, end]")
            }
            guard let elementSize = Self.floatTypes[dtype] ?? Self.otherTypes[dtype] else {
                throw fail("tensor '\(name)': unknown dtype '\(dtype)'")
            }
            let (elements, overflow) = shape.reduce((1, false)) { partial, dimension in
                let product = partial.0.multipliedReportingOverflow(by: dimension)
                return (product.partialValue, partial.1 || product.overflow)
            }
            let (byteCount, byteOverflow) = elements.multipliedReportingOverflow(by: elementSize)
            guard !overflow, !byteOverflow else {
                throw fail("tensor '\(name)': shape \(shape) of \(dtype) is too large")
            }
            guard offsets[0] <= offsets[1], offsets[1] <= dataSize else {
                throw fail("truncated or corrupt: tensor '\(name)' data_offsets \(offsets) outside the \(dataSize) data bytes")
            }
            guard offsets[1] - offsets[0] == byteCount else {
                throw fail("tensor '\(name)': \(offsets[1] - offsets[0]) bytes for shape \(shape) of \(dtype) (needs \(byteCount))")
            }
            tensors[name] = TensorInfo(name: name, dtype: dtype, shape: shape,
                                       byteRange: (dataStart + offsets[0])..<(dataStart + offsets[1]))
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    private static func nonNegativeInt(_ value: Any) -> Int? {
        guard let number = value as? NSNumber, let exact = Int(exactly: number.doubleValue), exact >= 0 else { return nil }
        return exact
    }

    /// The stored bytes of a tensor (valid while this object lives).
    public func rawData(_ info: TensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: mapping.bytes[info.byteRange])
    }
}

extension SafetensorsFile: TensorSource {
    public func shape(of name: String) -> [Int]? { tensors[name]?.shape }
    public var tensorNames: [String] { tensors.keys.sorted() }

    public func floats(_ name: String) throws -> [Float] {
        guard let info = tensors[name] else { throw WeightsError(file: path, "missing tensor '\(name)'") }
        let type: GGMLType
        switch info.dtype {
        case "F32": type = .f32
        case "F16": type = .f16
        case "BF16": type = .bf16
        default:
            throw WeightsError(file: path, "tensor '\(name)' has dtype \(info.dtype); supported: F32, F16, BF16")
        }
        return try Dequantize.toFloat32(rawData(info), type: type, count: info.elementCount)
    }
}
