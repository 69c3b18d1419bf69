import Testing
@testable import Scheduling

@Suite struct AffinityTests {
    /// Units of models a and b interleaved: a-0 b-0 a-1 b-1 ...
    static func interleaved(_ perModel: Int) -> [UnitAssignment] {
        let a = makeAssignments(perModel, model: "a", prefix: "a")
        let b = makeAssignments(perModel, model: "b", prefix: "b")
        return zip(a, b).flatMap { [$0, $1] }
    }

    @Test func unitsFollowTheWorkerThatLoadedTheirModel() throws {
        let assignments = Self.interleaved(6)
        let log = ExecutionLog()
        let lockstep = LockstepBarrier()
        // Workers advance in lockstep, so neither runs out of its own model's units while the
        // other still has some pending: any unit on the "wrong" worker is a policy error.
        let executors = (1...2).map { worker in
            loggingExecutor(worker: worker, log: log) { _ in lockstep.arrive(party: worker - 1) }
        }
        let summary = try runInProcess(assignments: assignments, executors: executors, receiveTimeout: 30)
        #expect(summary.completed.count == 12)
        #expect(log.unitIDs(of: 1) == (0..<6).map { "a-\($0)" })
        #expect(log.unitIDs(of: 2) == (0..<6).map { "b-\($0)" })
        // Each model loaded once, by one worker.
        #expect(log.modelLoads.map(\.model).sorted() == ["a", "b"])
        #expect(Set(log.modelLoads.map(\.worker)) == [1, 2])
    }

    @Test func preloadedModelsAttractTheirUnits() throws {
        let assignments = Self.interleaved(4)
        let log = ExecutionLog()
        let lockstep = LockstepBarrier()
        // Worker 1 already holds b and worker 2 holds a: the reverse of unit order.
        let executors = [(1, "b"), (2, "a")].map { worker, model in
            loggingExecutor(worker: worker, log: log, preloaded: model) { _ in lockstep.arrive(party: worker - 1) }
        }
        _ = try runInProcess(assignments: assignments, executors: executors, receiveTimeout: 30)
        #expect(log.unitIDs(of: 1) == (0..<4).map { "b-\($0)" })
        #expect(log.unitIDs(of: 2) == (0..<4).map { "a-\($0)" })
        #expect(log.modelLoads.isEmpty)
    }

    // The policy alone, decision by decision.

    @Test func policySpreadsModelsOverEmptyWorkers() {
        var policy = AssignmentPolicy(assignments: makeAssignments(2, model: "a", prefix: "a")
            + makeAssignments(2, model: "b", prefix: "b"))
        policy.workerJoined(rank: 1, models: [])
        policy.workerJoined(rank: 2, models: [])
        #expect(policy.take(for: 1) == 0)  // a-0
        #expect(policy.take(for: 2) == 2)  // b-0: a is already taken by worker 1
        #expect(policy.take(for: 2) == 3)  // b-1: worker 2 now holds b
        #expect(policy.take(for: 1) == 1)  // a-1
        #expect(policy.take(for: 1) == nil)
    }

    @Test func policyStealsOnlyWhenNothingElseIsPending() {
        var policy = AssignmentPolicy(assignments: makeAssignments(1, model: "a", prefix: "a")
            + makeAssignments(3, model: "b", prefix: "b"))
        policy.workerJoined(rank: 1, models: ["a"])
        policy.workerJoined(rank: 2, models: ["b"])
        #expect(policy.take(for: 2) == 1)  // b-0, not a-0 which comes first
        #expect(policy.take(for: 1) == 0)  // a-0
        #expect(policy.take(for: 1) == 2)  // only b units left: worker 1 takes b-1 rather than idle
        #expect(policy.pendingIndices == [3])
    }

    @Test func policyPrefersAnUnheldModelOverAnotherWorkersModel() {
        var policy = AssignmentPolicy(assignments: makeAssignments(2, model: "a", prefix: "a")
            + makeAssignments(1, model: "c", prefix: "c"))
        policy.workerJoined(rank: 1, models: ["a"])
        policy.workerJoined(rank: 2, models: ["b"])
        #expect(policy.take(for: 2) == 2)  // c-0: nobody holds c, worker 1 holds a
    }

    @Test func policyFollowsReportedHoldings() {
        var policy = AssignmentPolicy(assignments: makeAssignments(1, model: "a", prefix: "a")
            + makeAssignments(1, model: "b", prefix: "b"))
        policy.workerJoined(rank: 1, models: ["a"])
        policy.workerHolds(rank: 1, models: ["b"])  // a was evicted when b was loaded
        #expect(policy.take(for: 1) == 1)
    }

    @Test func requeueRestoresUnitOrder() {
        var policy = AssignmentPolicy(assignments: makeAssignments(4))
        policy.workerJoined(rank: 1, models: [])
        #expect(policy.take(for: 1) == 0)
        #expect(policy.take(for: 1) == 1)
        policy.requeue(index: 0)
        #expect(policy.pendingIndices == [0, 2, 3])
        #expect(policy.take(for: 1) == 0)
        policy.workerLeft(rank: 1)
        #expect(policy.pendingCount == 2)
    }
}
