import Foundation
import Testing
@testable import Scheduling

@Suite struct GracefulStopTests {
    @Test func workerStopAbandonsTheNextUnitAndLeavesTheRestUnrun() throws {
        let assignments = makeAssignments(8)
        let log = ExecutionLog()
        let workerStop = StopFlag()
        // The stop request arrives while unit 2 runs: unit 2 finishes, unit 3 is handed back.
        let executor = loggingExecutor(worker: 1, log: log) { assignment in
            if assignment.unit.id == "u-2" { workerStop.raise() }
        }
        let summary = try runInProcess(assignments: assignments, executors: [executor], stopFlags: [workerStop],
                                       receiveTimeout: 30)
        #expect(log.unitIDs == ["u-0", "u-1", "u-2"])
        #expect(summary.completed.map(\.report.unitID) == ["u-0", "u-1", "u-2"])
        #expect(summary.abandoned.map(\.unitID) == ["u-3"])
        #expect(summary.notRun.map(\.unit.id) == ["u-3", "u-4", "u-5", "u-6", "u-7"])
        #expect(summary.failed.isEmpty)
    }

    @Test func abandonedUnitGoesToAnotherWorker() throws {
        let assignments = makeAssignments(12)
        let log = ExecutionLog()
        let stops = [StopFlag(), StopFlag()]
        let abandonment = DispatchSemaphore(value: 0)
        // Worker 1 runs u-0 and u-2 (asked to stop during its second unit) and hands back u-3;
        // worker 2 holds on to u-1 until then, so the schedule is fixed.
        let first = loggingExecutor(worker: 1, log: log) { _ in
            if log.unitIDs(of: 1).count == 1 { stops[0].raise() }
        }
        let second = loggingExecutor(worker: 2, log: log) { assignment in
            if assignment.unit.id == "u-1" { _ = abandonment.wait(timeout: .now() + 10) }
        }
        let summary = try runInProcess(assignments: assignments, executors: [first, second], stopFlags: stops,
                                       progress: { event in
                                           if case .unitAbandoned = event { abandonment.signal() }
                                       },
                                       receiveTimeout: 30)
        #expect(log.unitIDs(of: 1) == ["u-0", "u-2"])
        #expect(summary.abandoned.map(\.unitID) == ["u-3"])
        #expect(summary.abandoned.first?.worker.rank == 1)
        // Every unit ran exactly once; the handed-back one on worker 2, in unit order.
        #expect(log.unitIDs(of: 2) == ["u-1"] + (3..<12).map { "u-\($0)" })
        #expect(summary.completed.count == 12 && summary.notRun.isEmpty && summary.failed.isEmpty)
    }

    @Test func coordinatorStopLetsTheRunningUnitFinish() throws {
        let assignments = makeAssignments(6)
        let log = ExecutionLog()
        let stop = StopFlag()
        let executor = loggingExecutor(worker: 1, log: log) { assignment in
            if assignment.unit.id == "u-1" { stop.raise() }
        }
        let summary = try runInProcess(assignments: assignments, executor: executor, stopFlag: stop, receiveTimeout: 30)
        #expect(log.unitIDs == ["u-0", "u-1"])
        #expect(summary.completed.map(\.report.unitID) == ["u-0", "u-1"])
        #expect(summary.abandoned.isEmpty)
        #expect(summary.notRun.map(\.unit.id) == ["u-2", "u-3", "u-4", "u-5"])
    }
}
