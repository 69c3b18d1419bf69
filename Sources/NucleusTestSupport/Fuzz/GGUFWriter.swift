import Foundation

/// Writes GGUF files for tests, remembering where each integer field of the header landed
/// (counts, string lengths, value and tensor types, dimensions, offsets) so the fuzz tests can
/// lie in exactly those places. Tensors are F32; metadata takes the GGUF value types below.
public struct GGUFWriter {
    public enum Value: Sendable {
        case uint32(UInt32), int32(Int32), uint64(UInt64), float32(Float), bool(Bool), string(String)
        case strings([String]), int32s([Int32])
    }

    /// One integer field of the written header: where it is and how wide.
    public struct Field: Sendable {
        public var offset: Int
        public var width: Int
        public var what: String
    }

    public var alignment = 32
    public var metadata: [(key: String, value: Value)] = []
    public var tensors: [(name: String, dims: [UInt64], values: [Float])] = []

    public init() {}

    public mutating func add(_ key: String, _ value: Value) { metadata.append((key, value)) }

    /// A tensor of row-major `shape` (outermost first); GGUF stores the dimensions innermost first.
    public mutating func addF32(_ name: String, shape: [Int], values: [Float]) {
        tensors.append((name, shape.reversed().map(UInt64.init), values))
    }

    /// The file's bytes and the integer fields of its header.
    public func bytes() -> (bytes: [UInt8], fields: [Field]) {
        var out: [UInt8] = []
        var fields: [Field] = []
        func integer<T: FixedWidthInteger>(_ value: T, _ what: String) {
            fields.append(Field(offset: out.count, width: MemoryLayout<T>.size, what: what))
            out += withUnsafeBytes(of: value.littleEndian, Array.init)
        }
        func string(_ text: String, _ what: String) {
            integer(UInt64(text.utf8.count), "\(what) length")
            out += Array(text.utf8)
        }
        integer(UInt32(0x4655_4747), "magic")
        integer(UInt32(3), "version")
        integer(UInt64(tensors.count), "tensor count")
        integer(UInt64(metadata.count), "metadata count")
        for (key, value) in metadata {
            string(key, "key \(key)")
            switch value {
            case .uint32(let v): integer(UInt32(4), "type of \(key)"); integer(v, key)
            case .int32(let v): integer(UInt32(5), "type of \(key)"); integer(v, key)
            case .uint64(let v): integer(UInt32(10), "type of \(key)"); integer(v, key)
            case .float32(let v): integer(UInt32(6), "type of \(key)"); integer(v.bitPattern, key)
            case .bool(let v): integer(UInt32(7), "type of \(key)"); out.append(v ? 1 : 0)
            case .string(let v): integer(UInt32(8), "type of \(key)"); string(v, key)
            case .strings(let items):
                integer(UInt32(9), "type of \(key)"); integer(UInt32(8), "element type of \(key)")
                integer(UInt64(items.count), "count of \(key)")
                for item in items { string(item, "element of \(key)") }
            case .int32s(let items):
                integer(UInt32(9), "type of \(key)"); integer(UInt32(5), "element type of \(key)")
                integer(UInt64(items.count), "count of \(key)")
                for item in items { integer(item, "element of \(key)") }
            }
        }
        var offset = 0
        for tensor in tensors {
            string(tensor.name, "tensor \(tensor.name)")
            integer(UInt32(tensor.dims.count), "dimension count of \(tensor.name)")
            for (axis, dim) in tensor.dims.enumerated() { integer(dim, "dimension \(axis) of \(tensor.name)") }
            integer(UInt32(0), "type of \(tensor.name)")
            integer(UInt64(offset), "offset of \(tensor.name)")
            offset += (tensor.values.count * 4 + alignment - 1) / alignment * alignment
        }
        out += [UInt8](repeating: 0, count: (alignment - out.count % alignment) % alignment)
        for tensor in tensors {
            let data = tensor.values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
            out += data + [UInt8](repeating: 0, count: (alignment - data.count % alignment) % alignment)
        }
        return (out, fields)
    }

    /// A tiny llama-architecture model (2 layers, width 8, 2 heads sharing 1 KV head, vocabulary
    /// 16), weights from a fixed pattern: small enough to load a thousand times in a test.
    public static func tinyLlama(layers: Int = 2) -> GGUFWriter {
        let dim = 8, hidden = 16, vocabulary = 16, heads = 2, kvHeads = 1, headSize = dim / heads
        var writer = GGUFWriter()
        writer.add("general.architecture", .string("llama"))
        writer.add("llama.block_count", .uint32(UInt32(layers)))
        writer.add("llama.embedding_length", .uint32(UInt32(dim)))
        writer.add("llama.feed_forward_length", .uint32(UInt32(hidden)))
        writer.add("llama.attention.head_count", .uint32(UInt32(heads)))
        writer.add("llama.attention.head_count_kv", .uint32(UInt32(kvHeads)))
        writer.add("llama.context_length", .uint32(64))
        writer.add("llama.rope.dimension_count", .uint32(UInt32(headSize)))
        writer.add("llama.rope.freq_base", .float32(10_000))
        writer.add("llama.attention.layer_norm_rms_epsilon", .float32(1e-5))
        var seed: UInt32 = 1
        func values(_ count: Int) -> [Float] {
            (0..<count).map { _ in
                seed = seed &* 1_664_525 &+ 1_013_904_223
                return Float(Int(seed >> 16) % 2001 - 1000) / 4000
            }
        }
        func add(_ name: String, _ shape: [Int]) { writer.addF32(name, shape: shape, values: values(shape.reduce(1, *))) }
        add("token_embd.weight", [vocabulary, dim])
        for layer in 0..<layers {
            add("blk.\(layer).attn_norm.weight", [dim])
            add("blk.\(layer).attn_q.weight", [heads * headSize, dim])
            add("blk.\(layer).attn_k.weight", [kvHeads * headSize, dim])
            add("blk.\(layer).attn_v.weight", [kvHeads * headSize, dim])
            add("blk.\(layer).attn_output.weight", [dim, heads * headSize])
            add("blk.\(layer).ffn_norm.weight", [dim])
            add("blk.\(layer).ffn_gate.weight", [hidden, dim])
            add("blk.\(layer).ffn_up.weight", [hidden, dim])
            add("blk.\(layer).ffn_down.weight", [dim, hidden])
        }
        add("output_norm.weight", [dim])
        add("output.weight", [vocabulary, dim])
        return writer
    }

    /// Writes `bytes` to `path` atomically (a fresh inode, so a mapping of the old file stays valid).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// A fresh temporary folder for one test, under the system temporary directory.
public func temporaryFolder(_ prefix: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
