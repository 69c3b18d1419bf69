import Foundation
import NucleusTestSupport
import Testing
@testable import Weights

/// `stored` hands out exactly a tensor's mapped bytes and its type, for both containers.
@Suite struct StoredTensorTests {
    @Test func safetensorsGivesTheStoredBytesAndType() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-stored-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("model.safetensors")
        try Data(SafetensorsTests.valid.bytes()).write(to: path)
        let checkpoint = try SafetensorsCheckpoint(folder: folder.path)

        let half = try checkpoint.stored("b.f16", shape: [1, 3])
        #expect(half.type == .f16 && half.shape == [1, 3])
        #expect(Array(half.bytes) == SafetensorsBuilder.le([UInt16(0x3C00), 0xC000, 0x3800]))
        let brain = try checkpoint.stored("c.bf16")
        #expect(brain.type == .bf16 && Array(brain.bytes) == SafetensorsBuilder.le([UInt16(0x3F80), 0xC000, 0x3F00]))
        #expect(try checkpoint.stored("a.f32").type == .f32)
        #expect(throws: WeightsError.self) { try checkpoint.stored("c.bf16", shape: [1, 3]) }
        let wrongType = #expect(throws: WeightsError.self) { try checkpoint.stored("d.i64") }
        #expect(wrongType?.problem.contains("dtype I64") == true)
        #expect(throws: WeightsError.self) { try checkpoint.stored("absent") }
    }

    @Test(arguments: [("f16", GGMLType.f16), ("bf16", .bf16), ("q8_0", .q8_0)])
    func ggufGivesTheStoredBytesAndType(_ name: String, _ type: GGMLType) throws {
        let file = try GGUFFile(path: TestPaths.fixtures(besides: #filePath).appendingPathComponent("quant-types.gguf").path)
        let info = try file.tensorInfo("t_\(name)")
        let stored = try file.stored("t_\(name)")
        #expect(stored.type == type && stored.shape == info.shape)
        #expect(stored.bytes.count == info.byteCount)
        #expect(try Dequantize.toFloat32(stored.bytes, type: stored.type, count: info.elementCount) == file.floats("t_\(name)"))
    }
}
