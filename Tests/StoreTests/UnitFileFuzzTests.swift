import Foundation
import Testing
@testable import Store

/// Seeded damage to a real, complete unit file: every mutated file must either read back as the
/// record that was written or be refused with a `StoreError` naming the file — never a trap, a
/// crash, or a different record. HDF5 1.10.8 itself segfaults on some damaged files (a damaged
/// global-heap length in H5HG_read), which is why the reader checks the seal (length and CRC-32
/// in the user block, `UnitFileSeal`) before HDF5 sees the bytes; this test is what keeps that
/// guard honest, including damage to the seal itself.
///
/// The seed is fixed so a failure reproduces; set NUCLEUS_FUZZ_SEED to explore other seeds. Every
/// failure message names the seed, the trial and the mutations.
@Suite struct UnitFileFuzzTests {
    static let trials = 1200
    static let seed: UInt64 = ProcessInfo.processInfo.environment["NUCLEUS_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_0010

    /// One way of damaging the bytes of a file.
    enum Mutation: CustomStringConvertible {
        case flipBits(positions: [Int], masks: [UInt8])
        case truncate(length: Int)
        case overwrite(offset: Int, bytes: [UInt8])
        case zero(offset: Int, count: Int)
        /// Copies `count` bytes from `source` to `offset`: plausible-looking structure in the wrong place.
        case copy(source: Int, offset: Int, count: Int)
        case append(bytes: [UInt8])

        var description: String {
            switch self {
            case .flipBits(let positions, let masks): "flip \(zip(positions, masks).map { "\($0)^0x\(String($1, radix: 16))" })"
            case .truncate(let length): "truncate to \(length)"
            case .overwrite(let offset, let bytes): "overwrite \(bytes.count) bytes at \(offset)"
            case .zero(let offset, let count): "zero \(count) bytes at \(offset)"
            case .copy(let source, let offset, let count): "copy \(count) bytes from \(source) to \(offset)"
            case .append(let bytes): "append \(bytes.count) bytes"
            }
        }

        func apply(_ data: inout [UInt8]) {
            switch self {
            case .flipBits(let positions, let masks):
                for (position, mask) in zip(positions, masks) where position < data.count { data[position] ^= mask }
            case .truncate(let length):
                data.removeSubrange(min(length, data.count)...)
            case .overwrite(let offset, let bytes):
                for (index, byte) in bytes.enumerated() where offset + index < data.count { data[offset + index] = byte }
            case .zero(let offset, let count):
                for index in min(offset, data.count)..<min(offset + count, data.count) { data[index] = 0 }
            case .copy(let source, let offset, let count):
                let chunk = Array(data[min(source, data.count)..<min(source + count, data.count)])  // empty past the end
                Mutation.overwrite(offset: offset, bytes: chunk).apply(&data)
            case .append(let bytes):
                data += bytes
            }
        }

        /// A random mutation of a file of `length` bytes. A quarter of them hit the first 1 KiB
        /// (the seal, the HDF5 signature and superblock), where the reader's decisions are made.
        static func random(length: Int, _ generator: inout SplitMix64) -> Mutation {
            let head = generator.below(4) == 0
            func position() -> Int { generator.below(head ? min(1024, length) : length) }
            func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) } }
            switch generator.below(6) {
            case 0:
                let count = 1 + generator.below(8)
                return .flipBits(positions: (0..<count).map { _ in position() },
                                 masks: (0..<count).map { _ in UInt8(1) << UInt8(generator.below(8)) })
            case 1: return .truncate(length: position())
            case 2: return .overwrite(offset: position(), bytes: bytes(1 + generator.below(256)))
            case 3: return .zero(offset: position(), count: 1 + generator.below(4096))
            case 4: return .copy(source: generator.below(length), offset: position(), count: 1 + generator.below(512))
            default: return .append(bytes: bytes(1 + generator.below(512)))
            }
        }
    }

    @Test func mutatedUnitFilesReadIntactOrThrowStoreError() throws {
        let folder = try TemporaryFolder()
        let original = folder.file("original.attempt-1.h5")
        let record = SampleRecords.realistic()
        try UnitFileWriter().write(record, to: original)
        let bytes = [UInt8](try Data(contentsOf: original))
        var generator = SplitMix64(seed: Self.seed)
        var outcomes: [String: Int] = [:]
        let clock = ContinuousClock()
        let started = clock.now
        for trial in 0..<Self.trials {
            var damaged = bytes
            let mutations = (0..<(1 + generator.below(3))).map { _ in Mutation.random(length: bytes.count, &generator) }
            for mutation in mutations { mutation.apply(&damaged) }
            let context = "seed \(Self.seed) trial \(trial): \(mutations)"
            let url = folder.file("trial-\(trial).attempt-1.h5")
            try Data(damaged).write(to: url)
            outcomes[check(url, record, intact: damaged == bytes, context), default: 0] += 1
            try FileManager.default.removeItem(at: url)
        }
        let seconds = (clock.now - started) / .seconds(1)
        print("UnitFileFuzzTests: \(Self.trials) mutated unit files in \(String(format: "%.1f", seconds)) s, seed \(Self.seed): \(outcomes.sorted { $0.key < $1.key })")
        // Nearly every mutation changes the bytes HDF5 would read, and the seal must catch it.
        #expect(outcomes["read intact", default: 0] < Self.trials / 10, "seed \(Self.seed): \(outcomes)")
    }

    /// Reads the file every way the code does (reduce: header then record; resume: verify) and
    /// returns the outcome's name for the tally.
    private func check(_ url: URL, _ record: UnitRecord, intact: Bool, _ context: String) -> String {
        var outcome = "read intact"
        for (name, read) in [("read", { _ = try UnitFileReader.read(url) }), ("readHeader", { _ = try UnitFileReader.readHeader(url) }),
                             ("verify", { _ = try UnitFileReader.verify(url) })] as [(String, () throws -> Void)] {
            do {
                try read()
                if name == "read" {
                    // Anything read from a damaged file must be exactly what was written.
                    #expect(try UnitFileReader.read(url) == record, "\(context): read altered data")
                }
            } catch let error as StoreError {
                #expect(error.path == url.path, "\(context): \(name) error names \(error.path)")
                #expect(error.description.hasPrefix(url.path + ": ") && !error.description.contains("\n"),
                        "\(context): \(name) error is not one line naming the file: \(error)")
                #expect(!intact, "\(context): \(name) refused an intact file: \(error)")
                outcome = "StoreError.\(error.kind)"
            } catch {
                Issue.record("\(context): \(name) threw \(type(of: error)), not StoreError: \(error)")
                outcome = "other error"
            }
        }
        return outcome
    }
}

extension SplitMix64 {
    /// Uniform in 0..<bound (bound ≥ 1); the modulo bias is irrelevant for fuzzing.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
