import Foundation
import Store
import Testing
@testable import Runner

/// A hard stop (second Ctrl-C) journals the unit attempt in progress as abandoned, so no
/// `started` line is left without an outcome.
@Suite struct UnitInProgressTests {
    @Test func abandonJournalsTheRunningAttemptOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inprogress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = Journal(url: folder.appendingPathComponent("journal.tsv"))
        let started = JournalEntry(time: Date(), unitID: "u-1", attempt: 2, rank: 1, host: "h", status: .started,
                                   file: "units/c/u-1.attempt-2.h5")
        try journal.append(started)
        let inProgress = UnitInProgress()
        #expect(inProgress.abandon(reason: "nothing runs") == nil)
        inProgress.begin(started, in: journal)
        #expect(inProgress.abandon(reason: "stopped by a second SIGINT") == "u-1")
        #expect(inProgress.abandon(reason: "again") == nil)
        let entries = try journal.read().entries
        #expect(entries.map(\.status) == [.started, .abandoned])
        #expect(entries[1].unitID == "u-1" && entries[1].attempt == 2 && entries[1].rank == 1)
        #expect(entries[1].message == "stopped by a second SIGINT" && entries[1].file.isEmpty)
    }
}
