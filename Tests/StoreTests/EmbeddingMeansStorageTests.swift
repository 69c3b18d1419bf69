import Foundation
import Testing
@testable import Store

/// `/prompts/embedding_mean`: written and read back equal, an undefined row stored as NaN and read
/// as undefined, absent (nil) where the record has none, and a row count or width that disagrees
/// with the prompts is refused before anything is written.
@Suite struct EmbeddingMeansStorageTests {
    static func withMeans() -> UnitRecord {
        var record = SampleRecords.realistic()
        // The second prompt generated nothing: no mean.
        record.embeddingMeans = EmbeddingMeans(width: 3, rows: [[0.25, -1.5, 1e-300], nil, [3, 0, -0.125]])
        return record
    }

    @Test func meansReadBackEqualWithUndefinedRowsAsNaN() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        let record = Self.withMeans()
        try UnitFileWriter().write(record, to: url)
        let back = try UnitFileReader.read(url)
        #expect(back == record)
        #expect(try UnitFileReader.verify(url).promptCount == 3)
        let stored = try HDF5File.open(url.path).openGroup("prompts").openDataset("embedding_mean")
        #expect(try stored.shape() == [3, 3])
        let values = try stored.read(Double.self, expectedShape: [3, 3])
        #expect(values[0..<3] == [0.25, -1.5, 1e-300])
        #expect(values[3..<6].allSatisfy { $0.isNaN })
    }

    @Test func recordWithoutMeansHasNoDatasetAndReadsNil() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        #expect(try UnitFileReader.read(url).embeddingMeans == nil)
        #expect(try !HDF5File.open(url.path).openGroup("prompts").hasLink("embedding_mean"))
    }

    @Test func meansThatDisagreeWithThePromptsAreRefusedBeforeWriting() throws {
        let folder = try TemporaryFolder()
        var record = Self.withMeans()
        record.embeddingMeans?.rows.removeLast()
        #expect(throws: StoreError.self) { try UnitFileWriter().write(record, to: folder.file("a.attempt-1.h5")) }
        record = Self.withMeans()
        record.embeddingMeans?.rows[0] = [1, 2]
        #expect(throws: StoreError.self) { try UnitFileWriter().write(record, to: folder.file("b.attempt-1.h5")) }
        record = Self.withMeans()
        record.embeddingMeans = EmbeddingMeans(width: 0, rows: [nil, nil, nil])
        #expect(throws: StoreError.self) { try UnitFileWriter().write(record, to: folder.file("c.attempt-1.h5")) }
        #expect(try folder.contents().isEmpty)
    }
}
