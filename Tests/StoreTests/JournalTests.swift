import Foundation
import Testing
@testable import Store

@Suite struct JournalTests {
    private let start = Date(timeIntervalSince1970: 1_740_823_200.125)  // 2025-03-01T10:00:00.125Z

    private func entries() -> [JournalEntry] {
        [
            JournalEntry(time: start, unitID: "u-3f9a2c", attempt: 1, rank: 1, host: "node017", status: .started),
            JournalEntry(time: start.addingTimeInterval(271.5), unitID: "u-3f9a2c", attempt: 1, rank: 1, host: "node017",
                         status: .done, tokens: 12_800, seconds: 271.5, file: "units/a__b__c__s0/u-3f9a2c.attempt-1.h5"),
            JournalEntry(time: start.addingTimeInterval(300), unitID: "u-77", attempt: 2, rank: 2, host: "nœud-2",
                         status: .failed, seconds: 0.25, message: "model load failed:\tbad\\tensor\nline two"),
        ]
    }

    @Test func appendedEntriesReadBackEqual() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(url: folder.file("journal.tsv"))
        for entry in entries() { try journal.append(entry) }

        let contents = try journal.read()
        #expect(contents.entries == entries())
        #expect(contents.skippedLines == [])
        #expect(!contents.hasTornTail)
    }

    @Test func lineFormatIsTabSeparatedWithHeader() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(url: folder.file("journal.tsv"))
        try journal.append(entries()[1])
        try journal.append(entries()[2])

        let text = try String(contentsOf: journal.url, encoding: .utf8)
        #expect(text == """
            time\tunit\tattempt\trank\thost\tstatus\ttokens\tseconds\tfile\tmessage
            2025-03-01T10:04:31.625Z\tu-3f9a2c\t1\t1\tnode017\tdone\t12800\t271.500\tunits/a__b__c__s0/u-3f9a2c.attempt-1.h5\t
            2025-03-01T10:05:00.125Z\tu-77\t2\t2\tnœud-2\tfailed\t0\t0.250\t\tmodel load failed:\\tbad\\\\tensor\\nline two

            """)
    }

    @Test func tornLastLineIsIgnoredAndLaterAppendsStayReadable() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(url: folder.file("journal.tsv"))
        try journal.append(entries()[0])
        let handle = try FileHandle(forWritingTo: journal.url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2025-03-01T10:01:00.000Z\tu-3f9a2c\t1\t1\tnod".utf8))
        try handle.close()

        let torn = try journal.read()
        #expect(torn.entries == [entries()[0]])
        #expect(torn.hasTornTail)
        #expect(torn.skippedLines == [])

        try journal.append(entries()[1])
        let after = try journal.read()
        #expect(after.entries == [entries()[0], entries()[1]])
        #expect(after.skippedLines == [3])  // header, entry, torn line
        #expect(!after.hasTornTail)
    }

    @Test func missingJournalReadsEmpty() throws {
        let folder = try TemporaryFolder()
        let contents = try Journal(url: folder.file("journal.tsv")).read()
        #expect(contents == JournalContents(entries: [], skippedLines: [], hasTornTail: false))
    }

    @Test func concurrentAppendsNeverInterleave() throws {
        let folder = try TemporaryFolder()
        let journal = Journal(url: folder.file("journal.tsv"))
        try journal.append(entries()[0])
        let writers = 4, perWriter = 25
        let failures = DispatchQueue.concurrentPerformCollectingFailures(writers) { writer in
            for i in 0..<perWriter {
                try journal.append(JournalEntry(time: start, unitID: "w\(writer)-\(i)", attempt: 1, rank: writer,
                                                host: "h", status: .done, tokens: i, message: String(repeating: "x", count: 300)))
            }
        }
        #expect(failures == 0)
        let contents = try journal.read()
        #expect(contents.entries.count == 1 + writers * perWriter)
        #expect(contents.skippedLines == [])
        #expect(Set(contents.entries.map(\.unitID)).count == 1 + writers * perWriter)
    }
}

extension DispatchQueue {
    /// Runs `work` on `count` threads at once; returns how many threw.
    static func concurrentPerformCollectingFailures(_ count: Int, _ work: @Sendable (Int) throws -> Void) -> Int {
        let failed = UnsafeMutablePointer<Bool>.allocate(capacity: count)
        failed.initialize(repeating: false, count: count)
        defer { failed.deallocate() }
        nonisolated(unsafe) let slots = failed
        concurrentPerform(iterations: count) { index in
            do { try work(index) } catch { slots[index] = true }
        }
        return (0..<count).filter { failed[$0] }.count
    }
}
