import Foundation
import Testing
@testable import Weights

/// Builds safetensors bytes by hand: the format is small enough that tests spell it out.
struct SafetensorsBuilder {
    var entries: [(name: String, dtype: String, shape: [Int], data: [UInt8])] = []
    var headerOverride: String?

    func bytes() -> [UInt8] {
        var offset = 0
        var header: [String] = []
        for entry in entries {
            let shape = entry.shape.map(String.init).joined(separator: ",")
            header.append("\"\(entry.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + entry.data.count)]}")
            offset += entry.data.count
        }
        let json = Array((headerOverride ?? "{\"__metadata__\":{\"format\":\"pt\"}," + header.joined(separator: ",") + "}").utf8)
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + entries.flatMap(\.data)
    }

    static func le<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
    }
}

private func write(_ bytes: [UInt8], to folder: URL, name: String = "model.safetensors") throws -> String {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

private func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-safetensors-\(UUID().uuidString)")
}

@Suite struct SafetensorsTests {
    /// 1.0, -2.0, 0.5 in each float type (bit patterns by the IEEE/bfloat16 definitions).
    static let valid = SafetensorsBuilder(entries: [
        ("a.f32", "F32", [3], SafetensorsBuilder.le([Float(1).bitPattern, Float(-2).bitPattern, Float(0.5).bitPattern])),
        ("b.f16", "F16", [1, 3], SafetensorsBuilder.le([UInt16(0x3C00), 0xC000, 0x3800])),
        ("c.bf16", "BF16", [3, 1], SafetensorsBuilder.le([UInt16(0x3F80), 0xC000, 0x3F00])),
        ("d.i64", "I64", [1], SafetensorsBuilder.le([Int64(7)])),
    ])

    @Test func readsEveryFloatTypeAsFloat32() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try SafetensorsFile(path: write(Self.valid.bytes(), to: folder))
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.floats("a.f32") == [1, -2, 0.5])
        #expect(try file.floats("b.f16", shape: [1, 3]) == [1, -2, 0.5])
        #expect(try file.floats("c.bf16", shape: [3, 1]) == [1, -2, 0.5])
        #expect(throws: WeightsError.self) { try file.floats("c.bf16", shape: [1, 3]) }
        let wrongType = #expect(throws: WeightsError.self) { try file.floats("d.i64") }
        #expect(wrongType?.problem.contains("dtype I64; supported: F32, F16, BF16") == true)
    }

    static let brokenCases: [(String, @Sendable (inout [UInt8]) -> Void, String)] = [
        ("too short", { $0 = Array($0.prefix(5)) }, "truncated"),
        ("header length beyond the file", { $0.replaceSubrange(0..<8, with: SafetensorsBuilder.le([UInt64(1 << 40)])) }, "header length"),
        ("truncated data", { $0.removeLast(3) }, "outside the"),
        ("header not JSON", { bytes in
            let length = Int(UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
            bytes.replaceSubrange(8..<(8 + length), with: [UInt8](repeating: UInt8(ascii: "x"), count: length))
        }, "not a JSON object"),
    ]

    @Test(arguments: 0..<brokenCases.count)
    func rejectsBrokenFile(_ index: Int) throws {
        let (label, damage, expected) = Self.brokenCases[index]
        var bytes = Self.valid.bytes()
        damage(&bytes)
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(bytes, to: folder)
        let error = #expect(throws: WeightsError.self, "\(label)") { try SafetensorsFile(path: path) }
        #expect(error?.file == path)
        #expect(error?.problem.contains(expected) == true, "\(label): \(error?.problem ?? "")")
    }

    @Test(arguments: [
        ("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", "4 bytes for shape [2] of F32"),
        ("{\"t\":{\"dtype\":\"Q9\",\"shape\":[1],\"data_offsets\":[0,4]}}", "unknown dtype 'Q9'"),
        ("{\"t\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "needs dtype, shape and data_offsets"),
        ("{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}", "needs dtype, shape and data_offsets"),
        ("{\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", "shape [4611686018427387904, 4] of F32 is too large"),
        // Elements fit in Int, their bytes do not: found by the fuzz test (it trapped).
        ("{\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,4]}}", "shape [4611686018427387904] of F32 is too large"),
    ])
    func rejectsBadHeaderEntry(_ header: String, _ expected: String) throws {
        var builder = SafetensorsBuilder(entries: [("t", "F32", [1], SafetensorsBuilder.le([Float(1).bitPattern]))])
        builder.headerOverride = header
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(builder.bytes(), to: folder)
        let error = #expect(throws: WeightsError.self) { try SafetensorsFile(path: path) }
        #expect(error?.problem.contains(expected) == true, "\(error?.problem ?? "")")
    }

    @Test func readsShardsThroughTheIndex() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = SafetensorsBuilder(entries: [("x", "F32", [1], SafetensorsBuilder.le([Float(3).bitPattern]))])
        let second = SafetensorsBuilder(entries: [("y", "BF16", [2], SafetensorsBuilder.le([UInt16(0x3F80), 0x4000]))])
        _ = try write(first.bytes(), to: folder, name: "model-00001-of-00002.safetensors")
        _ = try write(second.bytes(), to: folder, name: "model-00002-of-00002.safetensors")
        let index = #"{"metadata":{},"weight_map":{"x":"model-00001-of-00002.safetensors","y":"model-00002-of-00002.safetensors"}}"#
        _ = try write(Array(index.utf8), to: folder, name: SafetensorsCheckpoint.indexFileName)
        let checkpoint = try SafetensorsCheckpoint(folder: folder.path)
        #expect(checkpoint.tensorNames == ["x", "y"])
        #expect(try checkpoint.floats("x") == [3])
        #expect(try checkpoint.floats("y", shape: [2]) == [1, 2])
        #expect(checkpoint.identityFile.hasSuffix(SafetensorsCheckpoint.indexFileName))
    }

    @Test func rejectsAnIndexNamingAMissingShardOrTensor() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shard = SafetensorsBuilder(entries: [("x", "F32", [1], SafetensorsBuilder.le([Float(3).bitPattern]))])
        _ = try write(shard.bytes(), to: folder, name: "a.safetensors")
        let indexPath = try write(Array(#"{"weight_map":{"x":"a.safetensors","y":"b.safetensors"}}"#.utf8),
                                  to: folder, name: SafetensorsCheckpoint.indexFileName)
        let missingShard = #expect(throws: WeightsError.self) { try SafetensorsCheckpoint(folder: folder.path) }
        #expect(missingShard?.file == indexPath)
        #expect(missingShard?.problem == "shard 'b.safetensors' is listed in weight_map but missing from the folder")

        _ = try write(Array(#"{"weight_map":{"x":"a.safetensors","z":"a.safetensors"}}"#.utf8),
                      to: folder, name: SafetensorsCheckpoint.indexFileName)
        let missingTensor = #expect(throws: WeightsError.self) { try SafetensorsCheckpoint(folder: folder.path) }
        #expect(missingTensor?.problem.contains("tensor 'z' is assigned to this shard") == true)

        _ = try write(Array(#"{"metadata":{}}"#.utf8), to: folder, name: SafetensorsCheckpoint.indexFileName)
        let noMap = #expect(throws: WeightsError.self) { try SafetensorsCheckpoint(folder: folder.path) }
        #expect(noMap?.problem == "missing key 'weight_map' (tensor name → shard file)")
    }

    @Test func rejectsAFolderWithoutWeights() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: WeightsError.self) { try SafetensorsCheckpoint(folder: folder.path) }
        #expect(error?.problem == "no model.safetensors or model.safetensors.index.json in the folder")
    }
}
