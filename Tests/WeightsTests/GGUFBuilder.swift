import Foundation

/// Writes small GGUF files byte by byte, so tests can make valid files and break them on purpose.
struct GGUFBuilder {
    var version: UInt32 = 3
    var magic: UInt32 = 0x4655_4747
    var alignment = 32
    var metadata: [(String, [UInt8])] = []
    var tensors: [(name: String, dims: [UInt64], type: UInt32, data: [UInt8])] = []

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
    static func string(_ text: String) -> [UInt8] { le(UInt64(text.utf8.count)) + Array(text.utf8) }

    mutating func add(_ key: String, uint32 value: UInt32) { metadata.append((key, Self.le(UInt32(4)) + Self.le(value))) }
    mutating func add(_ key: String, string value: String) { metadata.append((key, Self.le(UInt32(8)) + Self.string(value))) }
    mutating func add(_ key: String, raw: [UInt8]) { metadata.append((key, raw)) }

    mutating func addF32(_ name: String, _ values: [Float], dims: [UInt64]) {
        tensors.append((name, dims, 0, values.flatMap { Self.le($0.bitPattern) }))
    }

    func bytes() -> [UInt8] {
        var out = Self.le(magic) + Self.le(version) + Self.le(UInt64(tensors.count)) + Self.le(UInt64(metadata.count))
        for (key, value) in metadata { out += Self.string(key) + value }
        var offset = 0
        for tensor in tensors {
            out += Self.string(tensor.name) + Self.le(UInt32(tensor.dims.count))
            for dim in tensor.dims { out += Self.le(dim) }
            out += Self.le(tensor.type) + Self.le(UInt64(offset))
            offset += (tensor.data.count + alignment - 1) / alignment * alignment
        }
        out += [UInt8](repeating: 0, count: (alignment - out.count % alignment) % alignment)
        for tensor in tensors {
            out += tensor.data + [UInt8](repeating: 0, count: (alignment - tensor.data.count % alignment) % alignment)
        }
        return out
    }

    /// Writes `bytes` to a fresh temporary file and returns its path (`remove` deletes it).
    static func write(_ bytes: [UInt8], name: String = "test.gguf") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Deletes a file `write` made, with its folder (a mapping of it stays valid).
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    /// A valid two-tensor file used as the starting point for breakage.
    static func valid() -> GGUFBuilder {
        var builder = GGUFBuilder()
        builder.add("general.architecture", string: "llama")
        builder.add("llama.block_count", uint32: 1)
        builder.addF32("a", (0..<8).map(Float.init), dims: [4, 2])
        builder.addF32("b", [1.5, -2.5], dims: [2])
        return builder
    }
}
