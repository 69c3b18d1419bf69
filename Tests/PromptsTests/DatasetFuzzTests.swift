import Foundation
import NucleusTestSupport
import Testing
@testable import NucleusCore
@testable import Prompts

/// Seeded fuzz of the dataset readers: real dataset files (and hand-written edge cases) mutated
/// byte-wise and structurally, read with random start/limit. Each must load or throw a
/// `DatasetError` naming the file; a trap would end the test run (the printed seed reproduces it).
@Suite struct DatasetFuzzTests {
    static let trialsPerFormat = 1200

    /// Seed files: the repository's own datasets plus edge cases the files lack.
    static func corpus(extension fileExtension: String) throws -> [[UInt8]] {
        let files = FileManager.default.enumerator(at: jobsFolder.deletingLastPathComponent(), includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == fileExtension && !$0.path.contains("/.build/") && !$0.path.contains("/.venv/")
                && !$0.path.contains("/results/") && !$0.path.contains("/models/") } ?? []
        // Mutations work on a prefix: whole 100-row files would only slow every trial down.
        var seeds = try files.prefix(12).map { Array(try Data(contentsOf: $0).prefix(4096)) }
        if fileExtension == "jsonl" {
            seeds.append(Array(#####"{"question": "q", "answer": "#### 1", "n": 3, "x": [1, {"y": null}], "b": true}"#####.utf8))
            seeds.append(Array("\u{FEFF}{\"question\": \"caf\\u00e9 \\ud83c\\udf0d\", \"answer\": \"a\"}\n\n".utf8))
        } else {
            seeds.append(Array("question,answer\r\n\"a, \"\"b\"\"\",\"multi\nline\"\r\n,\r\n".utf8))
            seeds.append(Array("\u{FEFF}question,answer\nx,y".utf8))
        }
        return seeds
    }

    /// Text that breaks things: quotes, separators, line ends, escapes, invalid UTF-8, NUL, huge numbers, depth.
    static let fragments: [[UInt8]] = [
        "\"", ",", "\n", "\r", "\r\n", "\\", "{", "}", "[", "]", ":", "null", "\"\"", ",,", "\\u0000", "\\ud800",
        "1e999", "-9223372036854775809", "99999999999999999999999", "NaN", "\u{FEFF}", "é", "🌍",
        String(repeating: "[", count: 600), String(repeating: "{\"a\":", count: 300), String(repeating: "x", count: 5000),
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBB]]

    static func mutate(_ seed: [UInt8], _ random: inout FuzzRandom) -> [UInt8] {
        var bytes = seed
        for _ in 0..<random.int(1..<4) {
            let at = bytes.isEmpty ? 0 : random.int(0..<bytes.count + 1)
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            switch random.int(0..<9) {
            case 0: bytes.insert(contentsOf: random.pick(fragments), at: at)
            case 1 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes = Array(bytes.prefix(at))
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, at + random.int(1..<40))
                bytes.removeSubrange(min(at, end)..<end)
            case 4 where lines.count > 1:
                lines.swapAt(random.int(0..<lines.count), random.int(0..<lines.count))
                bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            case 5 where !lines.isEmpty:
                let line = random.int(0..<lines.count)
                lines.insert(lines[line], at: line)
                bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            case 6 where !lines.isEmpty:
                lines.remove(at: random.int(0..<lines.count))
                bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            case 7: bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(
                of: random.pick(["\"", ",", ":", "answer", "question", " "]), with: random.pick(["", "\"\"", ",", "\n", "::", "answer2"])).utf8)
            default: bytes = []
            }
        }
        return bytes
    }

    static func fuzz(extension fileExtension: String) throws {
        var random = FuzzRandom(name: "dataset .\(fileExtension)")
        let seeds = try corpus(extension: fileExtension)
        let folder = try TempFolder()
        defer { folder.remove() }
        var loaded = 0, rejected = 0
        for trial in 0..<trialsPerFormat {
            let bytes = mutate(random.pick(seeds), &random)
            let path = try folder.write("trial.\(fileExtension)", bytes)
            let start = random.pick([0, 0, 0, 1, 3, 1 << 40, Int.max, -1])
            let limit = random.pick([nil, 1, 2, 50, Int.max, Int.max - 1])
            do {
                let rows = try DatasetLoader.readRows(path: path, promptColumn: random.pick(["question", "prompt", "q", ""]),
                                                      referenceColumn: random.pick([nil, "answer", "a"]),
                                                      referenceIsOptional: random.chance(0.5), start: start, limit: limit)
                #expect(rows.allSatisfy { $0.index >= start && $0.line >= 1 }, "seed \(random.seed) trial \(trial)")
                loaded += 1
            } catch let error as DatasetError {
                #expect(error.file == path, "seed \(random.seed) trial \(trial): \(error)")
                #expect(!error.message.isEmpty && !error.description.contains("Error Domain"), "seed \(random.seed) trial \(trial)")
                rejected += 1
            } catch {
                Issue.record("seed \(random.seed) trial \(trial): \(type(of: error)) instead of DatasetError: \(error)")
            }
        }
        print("fuzz dataset .\(fileExtension): \(trialsPerFormat) inputs, \(loaded) loaded, \(rejected) rejected")
        // Both outcomes must occur, or the mutations test nothing.
        #expect(loaded > trialsPerFormat / 20 && rejected > trialsPerFormat / 20, "loaded \(loaded), rejected \(rejected)")
    }

    @Test func mutatedJSONLLoadsOrThrowsDatasetError() throws { try Self.fuzz(extension: "jsonl") }

    /// Found by this fuzz: start + limit overflowed (a trap) for a huge limit.
    @Test func hugeLimitReadsToTheEnd() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = try folder.write("d.jsonl", "{\"q\": \"a\"}\n{\"q\": \"b\"}\n")
        let rows = try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: nil, start: 1, limit: Int.max)
        #expect(rows.map(\.prompt) == ["b"])
        #expect(throws: DatasetError.self) {
            try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: nil, start: -1)
        }
    }

    @Test func mutatedCSVLoadsOrThrowsDatasetError() throws { try Self.fuzz(extension: "csv") }
}
