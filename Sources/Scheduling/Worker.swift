import Foundation

/// How a worker's loop ended.
public struct WorkerExit: Sendable, Equatable {
    /// Units this worker ran (successful or failed).
    public var unitsRun: Int
    /// The unit handed back unstarted because a graceful stop was requested; nil when the
    /// worker ended on the coordinator's `stop`.
    public var abandonedUnitID: String?
    /// True when the worker left because its stop flag was raised.
    public var stoppedGracefully: Bool
}

/// The worker side of the protocol: announce ready, then run each assignment and reply, until
/// the coordinator says stop. A raised stop flag makes it hand back the next assignment
/// unstarted (`abandoned`) and leave.
public struct Worker<T: Transport> {
    public let transport: T
    public let executor: any UnitExecutor
    public let coordinatorRank: Int
    public let stopFlag: StopFlag

    public init(transport: T, executor: any UnitExecutor, coordinatorRank: Int = 0, stopFlag: StopFlag = StopFlag()) {
        self.transport = transport
        self.executor = executor
        self.coordinatorRank = coordinatorRank
        self.stopFlag = stopFlag
    }

    /// Runs the loop; returns when told to stop or after abandoning a unit on graceful stop.
    public func run() throws -> WorkerExit {
        try transport.send(.ready(WorkerReady(rank: transport.rank, host: transport.host,
                                              loadedModels: executor.residentModels)), to: coordinatorRank)
        var unitsRun = 0
        while true {
            let envelope = try transport.receive()
            guard envelope.source == coordinatorRank else {
                throw SchedulingError.unexpectedSender(envelope.source, receiver: transport.rank)
            }
            switch try CoordinatorMessage.decode(tag: envelope.tag, payload: envelope.payload) {
            case .stop:
                return WorkerExit(unitsRun: unitsRun, abandonedUnitID: nil, stoppedGracefully: stopFlag.isRaised)
            case .assign(let assignment):
                if stopFlag.isRaised {
                    try transport.send(.abandoned(unitID: assignment.unit.id), to: coordinatorRank)
                    return WorkerExit(unitsRun: unitsRun, abandonedUnitID: assignment.unit.id, stoppedGracefully: true)
                }
                try transport.send(.unitDone(perform(assignment)), to: coordinatorRank)
                unitsRun += 1
            }
        }
    }

    /// Loads the model if needed and runs the unit; every error becomes a failed report.
    private func perform(_ assignment: UnitAssignment) throws -> UnitReport {
        let started = Date()
        let model = assignment.unit.cell.model
        if !executor.residentModels.contains(model) {
            var loadError: String?
            do {
                try executor.prepare(model: model)
            } catch {
                loadError = String(describing: error)
            }
            try transport.send(.modelLoaded(ModelLoadReport(rank: transport.rank, model: model, error: loadError,
                                                            residentModels: executor.residentModels)),
                               to: coordinatorRank)
            if let loadError {
                return .failure(of: assignment, seconds: Date().timeIntervalSince(started),
                                error: "loading model \(model): \(loadError)")
            }
        }
        do {
            return try executor.execute(assignment)
        } catch {
            return .failure(of: assignment, seconds: Date().timeIntervalSince(started), error: String(describing: error))
        }
    }
}
