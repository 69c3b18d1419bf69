import Foundation
import Testing
@testable import Store

/// Damaged inputs, each generated here, must give one specific `StoreError` naming the file.
@Suite struct UnitFileCorruptionTests {
    /// Writes the realistic record, lets `damage` alter the file, and returns the error `read` throws.
    private func readError(after damage: (URL) throws -> Void) throws -> StoreError {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        try damage(url)
        #expect(!UnitFileReader.isComplete(url))
        let error = try #require(throws: StoreError.self) { try UnitFileReader.read(url) }
        #expect(error.path == url.path)
        #expect(error.description.hasPrefix(url.path + ": "))
        #expect(!error.description.contains("\n"))
        return error
    }

    /// Changes a file through HDF5 and seals it again: what a buggy writer would produce.
    private func modify(_ url: URL, _ change: (HDF5File) throws -> Void) throws {
        let file = try HDF5File.open(url.path, writable: true)
        try change(file)
        try file.close()
        try UnitFileSeal.seal(path: url.path)
    }

    @Test func missingFile() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("absent.h5")
        let error = try #require(throws: StoreError.self) { try UnitFileReader.read(url) }
        #expect(error.kind == .missingFile)
        #expect(error.path == url.path)
    }

    @Test func truncatedFile() throws {
        var originalLength = 0
        let error = try readError { url in
            let bytes = try Data(contentsOf: url)
            originalLength = bytes.count
            try bytes.prefix(bytes.count / 2).write(to: url)
        }
        #expect(error.kind == .corrupt)
        #expect(error.problem == "truncated or extended: \(originalLength / 2) bytes, the writer wrote \(originalLength)")
    }

    @Test func alteredByteFailsTheSeal() throws {
        let error = try readError { url in
            var bytes = try Data(contentsOf: url)
            bytes[bytes.count - 100] ^= 0x01
            try bytes.write(to: url)
        }
        #expect(error.kind == .corrupt)
        #expect(error.problem.hasPrefix("content checksum mismatch (crc32 "))
    }

    @Test func unsealedFileIsIncomplete() throws {
        let error = try readError { url in
            let handle = try FileHandle(forWritingTo: url)
            try handle.write(contentsOf: Data(count: UnitFileSeal.userBlockSize))
            try handle.close()
        }
        #expect(error.kind == .incomplete)
        #expect(error.problem == "unsealed unit file: the writer did not finish it")
    }

    /// A file without a user block (another tool wrote it) goes to HDF5 unchecked; HDF5's own
    /// diagnosis comes back as one line.
    @Test func truncatedForeignFileReportsHDF5Cause() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("foreign.h5")
        let file = try HDF5File.createNew(url.path)
        try file.createDataset("x", values: [Double](repeating: 1, count: 4096), shape: [4096], compressed: false)
        try file.close()
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count / 2).write(to: url)

        let error = try #require(throws: StoreError.self) { try UnitFileReader.read(url) }
        #expect(error.kind == .corrupt)
        #expect(error.description.hasPrefix("\(url.path): cannot open as HDF5: unable to open file: truncated file: eof = "))
        #expect(!error.description.contains("\n"))
    }

    @Test func randomBytes() throws {
        var generator = SplitMix64(seed: 42)
        let error = try readError { url in
            try Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).write(to: url)
        }
        #expect(error.kind == .notHDF5)
        #expect(error.problem == "not an HDF5 file (no HDF5 signature)")
    }

    @Test func emptyFile() throws {
        let error = try readError { url in try Data().write(to: url) }
        #expect(error.kind == .notHDF5)
    }

    @Test func completeZero() throws {
        let error = try readError { url in
            try modify(url) { try $0.setAttribute("complete", Int64(0)) }
            // The header stays readable for resume scans, flagged incomplete.
            #expect(try UnitFileReader.readHeader(url).header.complete == false)
        }
        #expect(error.kind == .incomplete)
    }

    @Test func wrongSchemaVersion() throws {
        let error = try readError { url in try modify(url) { try $0.setAttribute("schema_version", Int64(2)) } }
        #expect(error.kind == .unsupportedSchema)
        #expect(error.problem == "schema_version is 2, this build reads 1")
    }

    @Test func decreasingOffsets() throws {
        let error = try readError { url in
            try modify(url) { try $0.openGroup("prompts").openDataset("token_offset").write([Int64(0), 5, 4, 7]) }
        }
        #expect(error.kind == .inconsistent)
        #expect(error.problem == "token_offset decreases after prompt 1 (5 > 4)")
    }

    @Test func offsetsNotEndingAtTokenCount() throws {
        let error = try readError { url in
            try modify(url) { try $0.openGroup("prompts").openDataset("token_offset").write([Int64(0), 4, 4, 6]) }
        }
        #expect(error.kind == .inconsistent)
        #expect(error.problem == "token_offset ends at 6 but n_tokens is 7")
    }

    @Test func generatedCountDisagreesWithOffsets() throws {
        let error = try readError { url in
            try modify(url) { try $0.openGroup("prompts").openDataset("n_generated").write([Int64(4), 1, 2]) }
        }
        #expect(error.kind == .inconsistent)
        #expect(error.problem == "prompt 1: n_generated is 1 but token_offset spans 0 tokens")
    }

    @Test func tokenCountAttributeDisagreesWithColumns() throws {
        let error = try readError { url in try modify(url) { try $0.setAttribute("n_prompts", Int64(2)) } }
        #expect(error.kind == .inconsistent)
        #expect(error.problem == "dataset /prompts/token_offset has shape [4], expected [3]")
    }

    @Test func alteredTokenIDFailsChecksum() throws {
        let error = try readError { url in
            try modify(url) { file in
                var ids = SampleRecords.realistic().tokens.tokenID
                ids[3] += 1
                try file.openGroup("tokens").openDataset("token_id").write(ids)
            }
        }
        #expect(error.kind == .checksumMismatch)
    }

    @Test func missingDataset() throws {
        let error = try readError { url in
            try modify(url) { file in
                let tokens = try file.openGroup("tokens")
                #expect(H5LdeleteForTests(tokens, "entropy"))
            }
        }
        #expect(error.kind == .malformed)
        #expect(error.problem == "missing dataset /tokens/entropy")
    }
}

/// A small seeded generator so the random-bytes file is the same on every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
