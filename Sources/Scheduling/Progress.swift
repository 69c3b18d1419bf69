/// Where a run stands, sent with progress events.
public struct ProgressCounts: Sendable, Equatable {
    public var total: Int
    public var completed: Int
    public var failed: Int
    public var running: Int
    public var pending: Int
}

/// Events the coordinator reports as the run goes, for logs and the journal.
public enum ProgressEvent: Sendable, Equatable {
    case workerReady(WorkerInfo, loadedModels: [String])
    case unitStarted(UnitAssignment, WorkerInfo, ProgressCounts)
    case modelLoaded(ModelLoadReport, WorkerInfo)
    case unitFinished(UnitReport, WorkerInfo, ProgressCounts)
    case unitAbandoned(unitID: String, WorkerInfo, ProgressCounts)
}

/// Receives progress events on the coordinator's thread; keep it quick.
public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void
