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

    /// A file without Nucleus' seal (h5py wrote it, or its user block is gone) is opened by HDF5
    /// unchecked unless a seal is required. Measured with a throwaway driver on 300 damaged
    /// h5py-written unit files (bit flips, truncation, overwritten and zeroed ranges):
    /// libhdf5 1.10.8 segfaulted on 4 and looped forever on 3 (H5HG_read of a vlen string
    /// attribute), so where every file comes from Nucleus' writer (a results folder's units/,
    /// read by the reducer and the resume scan) unsealed files are refused unopened.
    @Test func unsealedFilesAreRefusedUnopenedWhereASealIsRequired() throws {
        let folder = try TemporaryFolder()
        let foreign = folder.file("foreign.attempt-1.h5")
        let file = try HDF5File.createNew(foreign.path)
        try file.createDataset("x", values: [Double](repeating: 1, count: 16), shape: [16], compressed: false)
        try file.close()
        let error = try #require(throws: StoreError.self) { try UnitFileReader.readHeader(foreign, requireSeal: true) }
        #expect(error.kind == .unsealed && error.path == foreign.path)
        #expect(error.problem.hasPrefix("HDF5 file without Nucleus' seal"))
        // Without the requirement HDF5 opens it and finds no unit-file attributes.
        #expect(throws: StoreError.self) { try UnitFileReader.readHeader(foreign) }

        let garbage = folder.file("garbage.attempt-1.h5")
        try Data(repeating: 0x41, count: 2048).write(to: garbage)
        let refused = try #require(throws: StoreError.self) { try UnitFileReader.read(garbage, requireSeal: true) }
        #expect(refused.kind == .notHDF5)
        #expect(refused.problem == "not a Nucleus unit file (no seal, no HDF5 signature at byte 0 or 512)")
    }

    /// Reads the file every way the code does (reduce: header then record; resume: verify) and
    /// returns the outcome's name for the tally.
    private func check(_ url: URL, _ record: UnitRecord, intact: Bool, _ context: String) -> String {
        var outcome = "read intact"
        let reads: [(String, () throws -> Void)] = [
            ("read", { _ = try UnitFileReader.read(url) }),
            ("readHeader", { _ = try UnitFileReader.readHeader(url) }),
            ("verify", { _ = try UnitFileReader.verify(url) }),
            // What the reducer and the resume scan call.
            ("read(requireSeal:)", { _ = try UnitFileReader.read(url, requireSeal: true) }),
            ("readHeader(requireSeal:)", { _ = try UnitFileReader.readHeader(url, requireSeal: true) }),
        ]
        for (name, read) in reads {
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
