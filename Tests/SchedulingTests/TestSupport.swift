import Foundation
import NucleusCore
@testable import Scheduling

/// `count` units of `model`, ids `<prefix>-<i>`, each four rows long.
func makeAssignments(_ count: Int, model: String = "m", prefix: String = "u", attempt: Int = 1) -> [UnitAssignment] {
    (0..<count).map { index in
        UnitAssignment(unit: WorkUnit(id: "\(prefix)-\(index)",
                                      cell: CellKey(model: model, dataset: "d", technique: "t"),
                                      rows: (index * 4)..<(index * 4 + 4)),
                       attempt: attempt)
    }
}

/// FNV-1a of a string: the "work" of trivial test units, so reports carry a checkable result.
func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}

/// The report a trivial executor gives: file named by the id's hash, one token per row.
func trivialReport(_ assignment: UnitAssignment) -> UnitReport {
    UnitReport(unitID: assignment.unit.id, attempt: assignment.attempt,
               file: "units/\(String(fnv1a(assignment.unit.id), radix: 16)).h5",
               tokens: assignment.unit.rows.count, seconds: 0)
}

struct UnitFailedForTest: Error, CustomStringConvertible {
    var unitID: String
    var description: String { "synthetic failure of \(unitID)" }
}

/// Thread-safe log of what executors did, in call order.
final class ExecutionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(worker: Int, unitID: String)] = []  // guarded by `lock`
    private var loads: [(worker: Int, model: String)] = []  // guarded by `lock`

    func executed(_ unitID: String, by worker: Int) {
        lock.lock(); entries.append((worker, unitID)); lock.unlock()
    }

    func loaded(_ model: String, by worker: Int) {
        lock.lock(); loads.append((worker, model)); lock.unlock()
    }

    var unitIDs: [String] { lock.lock(); defer { lock.unlock() }; return entries.map(\.unitID) }
    func unitIDs(of worker: Int) -> [String] {
        lock.lock(); defer { lock.unlock() }
        return entries.filter { $0.worker == worker }.map(\.unitID)
    }
    var modelLoads: [(worker: Int, model: String)] { lock.lock(); defer { lock.unlock() }; return loads }
}

/// An executor that logs each call under `worker` and returns `trivialReport`.
func loggingExecutor(worker: Int, log: ExecutionLog, preloaded: String? = nil,
                     before: @escaping @Sendable (UnitAssignment) throws -> Void = { _ in }) -> ClosureExecutor {
    ClosureExecutor(preloaded: preloaded,
                    load: { model in log.loaded(model, by: worker) },
                    execute: { assignment in
                        try before(assignment)
                        log.executed(assignment.unit.id, by: worker)
                        return trivialReport(assignment)
                    })
}

/// Lets two threads proceed in lockstep: the k-th `arrive` of one party returns only after the
/// other party's k-th `arrive`. Gives up after `timeout` so a wrong schedule fails, not hangs.
final class LockstepBarrier: @unchecked Sendable {
    private let condition = NSCondition()
    private var arrivals = [0, 0]  // guarded by `condition`
    private let timeout: TimeInterval

    init(timeout: TimeInterval = 10) { self.timeout = timeout }

    func arrive(party: Int) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        arrivals[party] += 1
        condition.broadcast()
        let mine = arrivals[party]
        while arrivals[1 - party] < mine {
            if !condition.wait(until: deadline) { return }
        }
    }
}
