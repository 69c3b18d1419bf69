import Foundation
import Testing
@testable import Store

/// The scoring part of a unit file: written and read back equal (NaN perplexity included), absent
/// from generation units, and a record whose parts disagree is refused before anything is written.
@Suite struct ScoringRecordTests {
    static func scored() -> UnitRecord {
        var record = SampleRecords.realistic()
        record.scoring = ScoringRecord(
            perplexity: [3.25, .nan, 1.5],
            averageDistribution: DistributionSumRecord(probabilitySum: [0.5, 4.25, 0, 2.25], positions: 7,
                                                       tokenText: ["<|endoftext|>", " the", "é", "\n"]))
        return record
    }

    @Test func scoredRecordReadsBackEqual() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        let record = Self.scored()
        try UnitFileWriter().write(record, to: url)
        let back = try UnitFileReader.read(url)
        #expect(back == record)
        #expect(back.scoring?.perplexity[1].isNaN == true)
        #expect(back.scoring?.averageDistribution?.tokenText == ["<|endoftext|>", " the", "é", "\n"])
        #expect(try UnitFileReader.verify(url).promptCount == 3)
    }

    @Test func generationRecordHasNoScoringPart() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        #expect(try UnitFileReader.read(url).scoring == nil)
        let file = try HDF5File.open(url.path)
        #expect(!file.hasAttribute("task"))
        #expect(!file.hasLink("average_distribution"))
    }

    @Test func withoutDistributionSumThereIsNoGroup() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        var record = Self.scored()
        record.scoring?.averageDistribution = nil
        try UnitFileWriter().write(record, to: url)
        #expect(try UnitFileReader.read(url) == record)
        #expect(try !HDF5File.open(url.path).hasLink("average_distribution"))
    }

    @Test func disagreeingPartsAreRefusedBeforeWriting() throws {
        let folder = try TemporaryFolder()
        var record = Self.scored()
        record.scoring?.perplexity = [1]
        #expect(throws: StoreError.self) { try UnitFileWriter().write(record, to: folder.file("a.attempt-1.h5")) }
        record = Self.scored()
        record.scoring?.averageDistribution?.tokenText = ["x"]
        #expect(throws: StoreError.self) { try UnitFileWriter().write(record, to: folder.file("b.attempt-1.h5")) }
        #expect(try folder.contents().isEmpty)
    }
}
