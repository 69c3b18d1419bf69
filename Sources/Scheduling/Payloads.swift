import NucleusCore

/// A worker's first message: who it is and which models it already holds.
public struct WorkerReady: Codable, Sendable, Equatable {
    public var rank: Int
    public var host: String
    public var loadedModels: [String]

    public init(rank: Int, host: String, loadedModels: [String]) {
        self.rank = rank
        self.host = host
        self.loadedModels = loadedModels
    }
}

/// Sent by a worker after it tried to load a model for an assigned unit.
public struct ModelLoadReport: Codable, Sendable, Equatable {
    public var rank: Int
    public var model: String
    /// Why loading failed; nil on success.
    public var error: String?
    /// Models the worker holds after the attempt (a cache may have evicted others).
    public var residentModels: [String]

    public init(rank: Int, model: String, error: String?, residentModels: [String]) {
        self.rank = rank
        self.model = model
        self.error = error
        self.residentModels = residentModels
    }
}

/// One unit handed to a worker: the unit and which attempt of it to run (attempts start at 1;
/// reruns decided by resume are higher).
public struct UnitAssignment: Codable, Sendable, Equatable {
    public var unit: WorkUnit
    public var attempt: Int
    /// For a rerun: the dataset rows (`DatasetRow.index`) of the unit to run again, in order;
    /// nil runs every row of the unit.
    public var onlyRows: [Int]?

    public init(unit: WorkUnit, attempt: Int = 1, onlyRows: [Int]? = nil) {
        self.unit = unit
        self.attempt = attempt
        self.onlyRows = onlyRows
    }
}

/// A worker's reply for one assignment: the file it wrote, or the error that stopped it.
public struct UnitReport: Codable, Sendable, Equatable {
    public var unitID: String
    public var attempt: Int
    /// Path of the unit file written; nil when the unit failed.
    public var file: String?
    /// Tokens generated.
    public var tokens: Int
    /// Wall time spent on the unit by the worker.
    public var seconds: Double
    /// Why the unit failed; nil on success.
    public var error: String?

    public init(unitID: String, attempt: Int, file: String?, tokens: Int, seconds: Double, error: String? = nil) {
        self.unitID = unitID
        self.attempt = attempt
        self.file = file
        self.tokens = tokens
        self.seconds = seconds
        self.error = error
    }

    /// A failed report for `assignment`.
    public static func failure(of assignment: UnitAssignment, seconds: Double, error: String) -> UnitReport {
        UnitReport(unitID: assignment.unit.id, attempt: assignment.attempt, file: nil, tokens: 0,
                   seconds: seconds, error: error)
    }

    public var succeeded: Bool { error == nil }
}
