import Foundation
import NucleusCore
import Testing
@testable import Scheduling

@Suite struct InProcessRunTests {
    @Test func everyUnitRunsExactlyOnceAndIsReported() throws {
        let assignments = makeAssignments(50)
        let log = ExecutionLog()
        let summary = try runInProcess(assignments: assignments, executor: loggingExecutor(worker: 1, log: log),
                                       receiveTimeout: 30)
        // One worker and unit order: executed in exactly the given order, each once.
        #expect(log.unitIDs == assignments.map(\.unit.id))
        #expect(summary.completed.map(\.report) == assignments.map(trivialReport))
        #expect(summary.failed.isEmpty && summary.notRun.isEmpty && summary.abandoned.isEmpty)
        #expect(summary.allCompleted)
        #expect(summary.tokens == 50 * 4)
        #expect(summary.workers.map(\.rank) == [1])
        #expect(summary.completed.allSatisfy { $0.worker.rank == 1 && $0.worker.worldSize == 2 })
    }

    @Test func emptyRunStopsTheWorker() throws {
        let log = ExecutionLog()
        let summary = try runInProcess(assignments: [], executor: loggingExecutor(worker: 1, log: log), receiveTimeout: 30)
        #expect(summary.completed.isEmpty && summary.allCompleted)
        #expect(log.unitIDs.isEmpty)
    }

    @Test func oneFailingUnitIsRecordedAndTheOthersRun() throws {
        let assignments = makeAssignments(10)
        let log = ExecutionLog()
        let executor = loggingExecutor(worker: 1, log: log) { assignment in
            if assignment.unit.id == "u-3" { throw UnitFailedForTest(unitID: "u-3") }
        }
        let summary = try runInProcess(assignments: assignments, executor: executor, receiveTimeout: 30)
        #expect(summary.completed.map(\.report.unitID) == assignments.map(\.unit.id).filter { $0 != "u-3" })
        #expect(summary.failed.count == 1)
        let failure = try #require(summary.failed.first)
        #expect(failure.report.unitID == "u-3")
        #expect(failure.report.file == nil)
        #expect(failure.error == "synthetic failure of u-3")
        #expect(failure.worker.rank == 1)
        #expect(failure.worker.host == ProcessInfo.processInfo.hostName)
        #expect(failure.description.hasPrefix("unit u-3 attempt 1 failed on rank 1 of 2 on "))
        #expect(!summary.allCompleted)
    }

    @Test func modelLoadFailureFailsItsUnitsOnly() throws {
        let good = makeAssignments(3, model: "good", prefix: "g")
        let broken = makeAssignments(2, model: "broken", prefix: "b")
        let executor = ClosureExecutor(load: { model in
            if model == "broken" { throw UnitFailedForTest(unitID: "model") }
        }, execute: trivialReport)
        let summary = try runInProcess(assignments: good + broken, executor: executor, receiveTimeout: 30)
        #expect(summary.completed.map(\.report.unitID) == ["g-0", "g-1", "g-2"])
        #expect(summary.failed.map(\.report.unitID) == ["b-0", "b-1"])
        #expect(summary.failed.allSatisfy { $0.error == "loading model broken: synthetic failure of model" })
    }

    @Test func progressReportsEveryUnitWithCounts() throws {
        let events = EventLog()
        let summary = try runInProcess(assignments: makeAssignments(5), executor: ClosureExecutor(execute: trivialReport),
                                       progress: { events.append($0) }, receiveTimeout: 30)
        #expect(summary.completed.count == 5)
        let finished = events.all.compactMap { event -> ProgressCounts? in
            if case .unitFinished(_, _, let counts) = event { return counts }
            return nil
        }
        #expect(finished.map(\.completed) == [1, 2, 3, 4, 5])
        #expect(finished.last == ProgressCounts(total: 5, completed: 5, failed: 0, running: 0, pending: 0))
        let started = events.all.filter { if case .unitStarted = $0 { true } else { false } }
        #expect(started.count == 5)
        guard case .workerReady(let worker, let models)? = events.all.first else {
            Issue.record("first event is not workerReady: \(String(describing: events.all.first))")
            return
        }
        #expect(worker.rank == 1 && models.isEmpty)
    }

    @Test func duplicateUnitIDsAreRefused() {
        let assignments = makeAssignments(3) + makeAssignments(1)
        #expect(throws: SchedulingError.duplicateUnitIDs(["u-0"])) {
            try runInProcess(assignments: assignments, executor: ClosureExecutor(execute: trivialReport),
                             receiveTimeout: 30)
        }
    }

    @Test func multiWorkerResultsEqualSerialResults() throws {
        let assignments = makeAssignments(20, model: "a", prefix: "a") + makeAssignments(20, model: "b", prefix: "b")
        let serial = try runInProcess(assignments: assignments, executor: ClosureExecutor(execute: trivialReport),
                                      receiveTimeout: 30)
        let log = ExecutionLog()
        let parallel = try runInProcess(assignments: assignments,
                                        executors: (1...3).map { loggingExecutor(worker: $0, log: log) },
                                        receiveTimeout: 30)
        let byID = { (summary: RunSummary) in
            summary.completed.map(\.report).sorted { $0.unitID < $1.unitID }
        }
        #expect(byID(parallel) == byID(serial))
        #expect(log.unitIDs.sorted() == assignments.map(\.unit.id).sorted())
        #expect(parallel.workers.map(\.rank) == [1, 2, 3])
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ProgressEvent] = []  // guarded by `lock`

    func append(_ event: ProgressEvent) { lock.lock(); events.append(event); lock.unlock() }
    var all: [ProgressEvent] { lock.lock(); defer { lock.unlock() }; return events }
}
