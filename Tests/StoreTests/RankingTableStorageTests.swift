import Foundation
import Testing
@testable import Store

/// `/ranking` of a rank unit: written, read back equal, absent for generation units, and a table
/// whose columns disagree in length is refused before anything is written.
@Suite struct RankingTableStorageTests {
    static func table() -> RankingTable {
        var table = RankingTable()
        table.append(row: 0, templateID: "diagnosed", group: "black", form: "African American", candidate: "heart disease",
                     score: -7.866338997, meanScore: -3.9331694985, nTokens: 2, firstLogit: 6.7243)
        table.append(row: 1, templateID: "diagnosed", group: "old+female", form: "elderly+woman", candidate: "Ménière's",
                     score: -.infinity, meanScore: -.infinity, nTokens: 4, firstLogit: -1e30)
        return table
    }

    @Test func rankingReadsBackEqual() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("rank.attempt-1.h5")
        var record = SampleRecords.zeroPrompts()
        record.ranking = Self.table()
        try UnitFileWriter().write(record, to: url)
        let back = try UnitFileReader.read(url)
        #expect(back.ranking == Self.table())
        #expect(back == record)
    }

    @Test func generationUnitsHaveNoRanking() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("gen.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        #expect(try UnitFileReader.read(url).ranking == nil)
    }

    @Test func inconsistentColumnsAreRefusedAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        var record = SampleRecords.zeroPrompts()
        var table = Self.table()
        table.score.removeLast()
        record.ranking = table
        #expect(throws: StoreError.self) { try UnitFileWriter().write(record, to: folder.file("bad.attempt-1.h5")) }
        #expect(try folder.contents() == [])
    }
}
