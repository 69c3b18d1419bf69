import Foundation
import NucleusTestSupport
import Testing
@testable import Weights

/// Seeded fuzzing of the two weights parsers: every mutated input either opens (and then every
/// tensor it lists reads back) or throws WeightsError — never a trap, never another error.
@Suite struct ParserFuzzTests {
    /// Reads every tensor of an opened file: offsets and sizes the header claimed must hold. A
    /// type the reader does not convert (I64, a quantised type for `stored`) may be refused with
    /// WeightsError; any other outcome is the caller's to report.
    static func readAll(_ source: any TensorSource) throws {
        for name in source.tensorNames {
            do { _ = try source.stored(name) } catch is WeightsError {}
            do { _ = try source.floats(name) } catch is WeightsError {}
        }
    }

    // MARK: GGUF

    static func lie(_ original: UInt64, width: Int, _ random: inout FuzzRandom) -> UInt64 {
        let mask: UInt64 = width == 8 ? .max : (1 << UInt64(width * 8)) - 1
        let choices: [UInt64] = [0, 1, original &+ 1, original &- 1, original &* 2, original / 2, mask, mask >> 1,
                                 UInt64(Int32.max), 1 << 31, 1 << 32, 1 << 40, 1 << 62, random.next(),
                                 2, 3, 6, 8, 9, 12, 30, 31]  // value and tensor type codes near the real ones
        return random.pick(choices) & mask
    }

    /// A valid GGUF (the tiny llama model: counts, strings, arrays, tensor infos) lied to in its
    /// integer fields, damaged byte-wise or truncated.
    @Test func ggufReader() throws {
        var random = FuzzRandom(seed: FuzzRandom.seed("GGUF reader", fallback: 0x6767_7566_7265))
        var writer = GGUFWriter.tinyLlama(layers: 1)
        writer.add("tokenizer.ggml.tokens", .strings(["a", "b", "<s>"]))
        writer.add("tokenizer.ggml.token_type", .int32s([1, 1, 3]))
        writer.add("general.flag", .bool(true))
        let base = writer.bytes()
        let folder = try temporaryFolder("nucleus-fuzz-gguf-reader")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("fuzz.gguf").path
        var opened = 0, rejected = 0
        let started = Date()
        for index in 0..<FuzzRandom.count {
            var bytes = base.bytes
            switch random.below(4) {
            case 0:
                bytes = ByteMutation.mutate(bytes, &random)
            case 1:
                bytes = Array(bytes.prefix(random.below(bytes.count)))
            default:
                for _ in 0..<(1 + random.below(3)) {
                    let field = random.pick(base.fields)
                    var original: UInt64 = 0
                    for byte in (0..<field.width).reversed() { original = original << 8 | UInt64(bytes[field.offset + byte]) }
                    let value = Self.lie(original, width: field.width, &random)
                    for byte in 0..<field.width { bytes[field.offset + byte] = UInt8(truncatingIfNeeded: value >> UInt64(8 * byte)) }
                }
            }
            try GGUFWriter.write(bytes, to: path)
            do {
                let file = try GGUFFile(path: path)
                try Self.readAll(file)
                opened += 1
            } catch is WeightsError {
                rejected += 1
            } catch {
                Issue.record("input \(index): \(type(of: error)): \(error)")
            }
        }
        print("fuzz GGUF reader: \(opened + rejected) inputs, \(opened) opened, \(rejected) rejected, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(opened > 0 && rejected > 0)
    }

    // MARK: safetensors

    /// The header a valid three-tensor file starts with (F32, F16, BF16 and an I64 tensor).
    static func validHeader() -> [String: Any] {
        [
            "__metadata__": ["format": "pt"],
            "a": ["dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]],
            "b": ["dtype": "F16", "shape": [4], "data_offsets": [24, 32]],
            "c": ["dtype": "BF16", "shape": [2, 2], "data_offsets": [32, 40]],
            "d": ["dtype": "I64", "shape": [1], "data_offsets": [40, 48]],
        ]
    }

    static let safetensorsKeys: Set<String> = ["__metadata__", "a", "b", "c", "d", "dtype", "shape", "data_offsets", "format"]

    /// Values a header entry must not get away with: dtypes, shapes and offsets that lie.
    static func lyingEntryValue(_ random: inout FuzzRandom) -> Any {
        random.pick([
            "F64", "I8", "U8", "BOOL", "F8_E4M3", "Q4_0", "", "f32",
            [Int](), [0], [-1, 3], [1 << 62, 4], [Int(Int32.max), Int(Int32.max)], [2, 3, 4, 5, 6], [1.5], ["2"],
            [0, 0], [0, 48], [48, 0], [-8, 16], [0, 1 << 40], [24, 8], [0], [0, 24, 48], [1 << 62, 1 << 62],
        ] as [Any])
    }

    /// The starting point is valid: it opens, and its tensors hold the bytes after the header.
    @Test func safetensorsStartingPointOpens() throws {
        let json = Array(try JSONSerialization.data(withJSONObject: Self.validHeader()))
        let data = (0..<48).map { UInt8($0 * 5 & 0x7F) }
        let folder = try temporaryFolder("nucleus-fuzz-safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("model.safetensors").path
        try GGUFWriter.write(withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data, to: path)
        let file = try SafetensorsFile(path: path)
        #expect(file.tensorNames == ["a", "b", "c", "d"])
        #expect(Array(try file.stored("c").bytes) == Array(data[32..<40]))
        #expect(file.tensors["d"]?.byteRange.count == 8)
    }

    @Test func safetensorsHeader() throws {
        var random = FuzzRandom(seed: FuzzRandom.seed("safetensors header", fallback: 0x7361_6665))
        let mutator = JSONMutator(keys: Self.safetensorsKeys)
        let data = (0..<48).map { UInt8($0 * 5 & 0x7F) }
        let folder = try temporaryFolder("nucleus-fuzz-safetensors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("model.safetensors").path
        var opened = 0, rejected = 0
        let started = Date()
        for index in 0..<FuzzRandom.count {
            var header = Self.validHeader()
            var json: [UInt8]
            if random.chance(10) {
                // Only the free-form metadata changes: the file must still open.
                header["__metadata__"] = mutator.mutateValue(header["__metadata__"]!, &random, depth: 0)
                json = Array(try JSONSerialization.data(withJSONObject: header))
            } else if random.chance(40) {
                // A lie in one entry's dtype, shape or offsets, the rest intact.
                let name = random.pick(["a", "b", "c", "d"])
                var entry = header[name] as! [String: Any]
                entry[random.pick(["dtype", "shape", "data_offsets"])] = Self.lyingEntryValue(&random)
                header[name] = entry
                json = Array(try JSONSerialization.data(withJSONObject: header))
            } else {
                json = Array(mutator.mutate(header, &random))
            }
            var length = UInt64(json.count)
            if random.chance(15) {
                length = random.pick([0, 1, 7, length &- 1, length + 1, length + 48, length + 49, UInt64(Int.max), .max, 100_000_001])
            }
            var bytes = withUnsafeBytes(of: length.littleEndian, Array.init) + json + data
            if random.chance(10) { bytes = Array(bytes.prefix(random.below(bytes.count))) }
            try GGUFWriter.write(bytes, to: path)
            do {
                try Self.readAll(try SafetensorsFile(path: path))
                opened += 1
            } catch is WeightsError {
                rejected += 1
            } catch {
                Issue.record("input \(index): \(type(of: error)): \(error)")
            }
        }
        print("fuzz safetensors header: \(opened + rejected) inputs, \(opened) opened, \(rejected) rejected, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(opened > 0 && rejected > 0)
    }
}
