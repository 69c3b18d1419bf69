import Foundation
import Store

/// The unit attempt this process is running, if any, so that a hard stop (a second Ctrl-C) can
/// journal it as abandoned instead of leaving its `started` line dangling. Shared between the
/// worker thread, which sets it, and the signal queue, which may abandon it.
public final class UnitInProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (journal: Journal, entry: JournalEntry)?  // guarded by `lock`

    public init() {}

    /// Records that `entry` (a `started` line) was journaled in `journal`.
    func begin(_ entry: JournalEntry, in journal: Journal) {
        lock.lock()
        current = (journal, entry)
        lock.unlock()
    }

    /// The attempt ended (done or failed) and was journaled.
    func end() {
        lock.lock()
        current = nil
        lock.unlock()
    }

    /// Journals the running attempt, if any, as abandoned with `reason`; returns its unit id.
    /// Later `end()`s are harmless. Holding the lock keeps a finishing attempt from journaling
    /// `done` in between.
    @discardableResult
    public func abandon(reason: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard let (journal, started) = current else { return nil }
        var entry = started
        entry.status = .abandoned
        entry.time = Date()
        entry.seconds = Date().timeIntervalSince(started.time)
        entry.file = ""
        entry.message = reason
        try? journal.append(entry)
        current = nil
        return started.unitID
    }
}
