import Foundation
import Testing
@testable import Weights

@Suite struct GGUFReaderTests {
    @Test func readsAValidFile() throws {
        let path = try GGUFBuilder.write(GGUFBuilder.valid().bytes())
        defer { GGUFBuilder.remove(path) }
        let file = try GGUFFile(path: path)
        #expect(file.version == 3)
        #expect(try file.string("general.architecture") == "llama")
        #expect(try file.int("llama.block_count") == 1)
        #expect(file.tensors.map(\.name) == ["a", "b"])
        #expect(try file.tensorInfo("a").shape == [2, 4])
        #expect(try file.floats("a") == (0..<8).map(Float.init))
        #expect(try file.floats("b") == [1.5, -2.5])
    }

    /// Broken files, each built from the valid one, with the message the reader must give.
    static let brokenCases: [(String, @Sendable (inout GGUFBuilder) -> Void, String)] = [
        ("wrong magic", { $0.magic = 0x4C4C_4747 }, "not a GGUF file"),
        ("version 1", { $0.version = 1 }, "unsupported GGUF version 1"),
        ("version 4", { $0.version = 4 }, "unsupported GGUF version 4"),
        ("duplicate key", { $0.add("general.architecture", string: "gpt2") }, "duplicate metadata key 'general.architecture'"),
        ("unsupported tensor type", { $0.tensors[1].type = 6 }, "unsupported type Q5_0"),
        ("unknown value type", { $0.add("x", raw: GGUFBuilder.le(UInt32(99))) }, "unknown value type 99"),
        ("bad bool", { $0.add("x", raw: GGUFBuilder.le(UInt32(7)) + [2]) }, "bool value 2"),
        ("huge string", { $0.add("x", raw: GGUFBuilder.le(UInt32(8)) + GGUFBuilder.le(UInt64(1) << 40)) }, "claims 1099511627776 bytes"),
        ("huge array", { $0.add("x", raw: GGUFBuilder.le(UInt32(9)) + GGUFBuilder.le(UInt32(4)) + GGUFBuilder.le(UInt64(1) << 33)) }, "claims 8589934592 elements"),
        ("nested array", { $0.add("x", raw: GGUFBuilder.le(UInt32(9)) + GGUFBuilder.le(UInt32(9)) + GGUFBuilder.le(UInt64(1)) + GGUFBuilder.le(UInt32(4)) + GGUFBuilder.le(UInt64(0))) }, "nests arrays"),
        ("zero dimension", { $0.tensors[0].dims = [0, 2] }, "dimension 0 is 0"),
        ("five dimensions", { $0.tensors[0].dims = [1, 1, 1, 1, 8] }, "has 5 dimensions"),
        ("bad alignment", { $0.add("general.alignment", uint32: 24) }, "power of two"),
        ("duplicate tensor", { $0.tensors[1].name = "a" }, "duplicate tensor 'a'"),
        ("tensor past the end", { $0.tensors[1].dims = [200] }, "truncated: tensor 'b'"),
        ("block size mismatch", { $0.tensors[1].type = 8 }, "not a multiple of the Q8_0 block size 32"),
    ]

    @Test(arguments: 0..<brokenCases.count)
    func rejectsBrokenFile(_ index: Int) throws {
        let (name, breakIt, expected) = Self.brokenCases[index]
        var builder = GGUFBuilder.valid()
        breakIt(&builder)
        let path = try GGUFBuilder.write(builder.bytes())
        defer { GGUFBuilder.remove(path) }
        let error = #expect(throws: WeightsError.self, "\(name)") { try GGUFFile(path: path) }
        #expect(error?.file == path)
        #expect(error?.description.contains(expected) == true, "\(name): \(String(describing: error))")
    }

    /// Every truncation of a valid file is rejected (never a crash, never accepted).
    @Test func rejectsEveryTruncation() throws {
        let bytes = GGUFBuilder.valid().bytes()
        // The last tensor ("b", 8 bytes) is followed by alignment padding; cutting only padding leaves a complete file.
        let essential = bytes.count - (32 - 8)
        for length in 0..<essential {
            let path = try GGUFBuilder.write(Array(bytes.prefix(length)))
            defer { GGUFBuilder.remove(path) }
            let error = #expect(throws: WeightsError.self, "length \(length)") { try GGUFFile(path: path) }
            #expect(error?.file == path)
        }
    }

    @Test func missingFileAndMissingTensorNameThePath() throws {
        let missing = "/nonexistent/model.gguf"
        let error = #expect(throws: WeightsError.self) { try GGUFFile(path: missing) }
        #expect(error?.description.hasPrefix(missing) == true)
        let path = try GGUFBuilder.write(GGUFBuilder.valid().bytes())
        defer { GGUFBuilder.remove(path) }
        let file = try GGUFFile(path: path)
        #expect(throws: WeightsError(file: file.path, "missing tensor 'c'")) { try file.tensorInfo("c") }
        #expect(throws: WeightsError(file: file.path, "missing metadata key 'llama.rope.freq_base'")) { try file.double("llama.rope.freq_base") }
    }
}
