import Foundation

/// The coordinator side of the protocol, in explicit phases:
/// 1. sync: wait until every other rank has sent `ready`;
/// 2. exec: hand units to idle workers (see `AssignmentPolicy`), collect their reports; a failed
///    unit is recorded and the run goes on;
/// 3. stop: when nothing is pending or running, send `stop` to every worker still present.
///
/// It blocks in `receive` between messages and never polls. A raised stop flag ends phase 2
/// early: no new units are handed out, running ones are awaited.
public struct Coordinator<T: Transport> {
    public let transport: T
    public let assignments: [UnitAssignment]
    public let stopFlag: StopFlag
    public let progress: ProgressHandler?

    /// - Parameter assignments: the units still to do (resume filtering happens before), in
    ///   the order they should be handed out.
    public init(transport: T, assignments: [UnitAssignment], stopFlag: StopFlag = StopFlag(),
                progress: ProgressHandler? = nil) {
        self.transport = transport
        self.assignments = assignments
        self.stopFlag = stopFlag
        self.progress = progress
    }

    public func run() throws -> RunSummary {
        let started = Date()
        try checkUniqueIDs()
        var state = CoordinatorState(assignments: assignments)

        let workerRanks = (0..<transport.size).filter { $0 != transport.rank }
        guard !workerRanks.isEmpty else { throw SchedulingError.noWorkers(size: transport.size) }
        try waitForReady(workerRanks, into: &state)

        try dispatch(&state)
        while !state.running.isEmpty {
            let envelope = try transport.receive()
            try handle(envelope, in: &state)
            try dispatch(&state)
        }

        for rank in state.workers.keys.sorted() where !state.departed.contains(rank) {
            try transport.send(.stop, to: rank)
        }
        return state.summary(workers: state.workers.values.sorted { $0.rank < $1.rank },
                             wallSeconds: Date().timeIntervalSince(started))
    }

    private func checkUniqueIDs() throws {
        var seen = Set<String>()
        var duplicates: [String] = []
        for assignment in assignments where !seen.insert(assignment.unit.id).inserted {
            duplicates.append(assignment.unit.id)
        }
        if !duplicates.isEmpty { throw SchedulingError.duplicateUnitIDs(duplicates) }
    }

    private func waitForReady(_ ranks: [Int], into state: inout CoordinatorState) throws {
        var waiting = Set(ranks)
        while !waiting.isEmpty {
            let envelope = try transport.receive()
            let message = try WorkerMessage.decode(tag: envelope.tag, payload: envelope.payload)
            guard case .ready(let ready) = message, waiting.remove(envelope.source) != nil else {
                throw SchedulingError.unexpectedMessage(message.tag, from: envelope.source, phase: "sync")
            }
            let worker = WorkerInfo(rank: envelope.source, host: ready.host, worldSize: transport.size)
            state.workers[envelope.source] = worker
            state.policy.workerJoined(rank: envelope.source, models: ready.loadedModels)
            state.idle.insert(envelope.source)
            progress?(.workerReady(worker, loadedModels: ready.loadedModels))
        }
    }

    private func dispatch(_ state: inout CoordinatorState) throws {
        guard !stopFlag.isRaised else { return }
        for rank in state.idle.sorted() {
            guard let index = state.policy.take(for: rank) else { return }
            let assignment = assignments[index]
            try transport.send(.assign(assignment), to: rank)
            state.idle.remove(rank)
            state.running[rank] = index
            if let worker = state.workers[rank] { progress?(.unitStarted(assignment, worker, state.counts)) }
        }
    }

    private func handle(_ envelope: Envelope, in state: inout CoordinatorState) throws {
        let message = try WorkerMessage.decode(tag: envelope.tag, payload: envelope.payload)
        let source = envelope.source
        guard let worker = state.workers[source], !state.departed.contains(source) else {
            throw SchedulingError.unexpectedMessage(message.tag, from: source, phase: "exec")
        }
        switch message {
        case .ready:
            throw SchedulingError.unexpectedMessage(.ready, from: source, phase: "exec")
        case .modelLoaded(let report):
            state.policy.workerHolds(rank: source, models: report.residentModels)
            progress?(.modelLoaded(report, worker))
        case .unitDone(let report):
            guard let index = state.running[source], assignments[index].unit.id == report.unitID,
                  assignments[index].attempt == report.attempt else {
                throw SchedulingError.unknownUnit(report.unitID, from: source)
            }
            state.running[source] = nil
            state.idle.insert(source)
            if report.succeeded {
                state.completed.append(CompletedUnit(report: report, worker: worker))
            } else {
                state.failed.append(FailedUnit(report: report, worker: worker))
            }
            progress?(.unitFinished(report, worker, state.counts))
        case .abandoned(let unitID):
            guard let index = state.running[source], assignments[index].unit.id == unitID else {
                throw SchedulingError.unknownUnit(unitID, from: source)
            }
            // The worker has left: its unit goes back in line for the others.
            state.running[source] = nil
            state.departed.insert(source)
            state.policy.workerLeft(rank: source)
            state.policy.requeue(index: index)
            state.abandoned.append(AbandonedUnit(unitID: unitID, worker: worker))
            progress?(.unitAbandoned(unitID: unitID, worker, state.counts))
        }
    }
}

/// The coordinator's bookkeeping during one run.
private struct CoordinatorState {
    let assignments: [UnitAssignment]
    var policy: AssignmentPolicy
    var workers: [Int: WorkerInfo] = [:]
    var idle = Set<Int>()
    var departed = Set<Int>()
    /// Unit index each busy worker is running.
    var running: [Int: Int] = [:]
    var completed: [CompletedUnit] = []
    var failed: [FailedUnit] = []
    var abandoned: [AbandonedUnit] = []

    init(assignments: [UnitAssignment]) {
        self.assignments = assignments
        self.policy = AssignmentPolicy(assignments: assignments)
    }

    var counts: ProgressCounts {
        ProgressCounts(total: assignments.count, completed: completed.count, failed: failed.count,
                       running: running.count, pending: policy.pendingCount)
    }

    func summary(workers: [WorkerInfo], wallSeconds: Double) -> RunSummary {
        RunSummary(completed: completed, failed: failed, abandoned: abandoned,
                   notRun: policy.pendingIndices.map { assignments[$0] }, workers: workers,
                   tokens: completed.reduce(0) { $0 + $1.report.tokens }, wallSeconds: wallSeconds)
    }
}
