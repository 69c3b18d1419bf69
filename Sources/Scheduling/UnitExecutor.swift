/// What a worker does with an assignment. The worker calls `prepare(model:)` when the unit's
/// model is not resident, then `execute`. Called from one thread at a time.
public protocol UnitExecutor: AnyObject {
    /// Models held in memory now; the coordinator prefers giving a worker units of these.
    var residentModels: [String] { get }
    /// Makes `model` resident (loading it and evicting others as the cache decides).
    func prepare(model: String) throws
    /// Runs one unit and reports the file written. A thrown error becomes a failed report;
    /// the worker carries on with its next unit.
    func execute(_ assignment: UnitAssignment) throws -> UnitReport
}

/// A `UnitExecutor` from closures, holding one model at a time. For tests, self-tests and
/// simple callers.
public final class ClosureExecutor: UnitExecutor, @unchecked Sendable {
    private let load: (String) throws -> Void
    private let run: (UnitAssignment) throws -> UnitReport
    // Touched only by the worker thread that owns this executor.
    private var resident: String?

    /// - Parameters:
    ///   - preloaded: a model already resident at start.
    ///   - load: loads a model (default: nothing to load).
    ///   - execute: runs one unit.
    public init(preloaded: String? = nil,
                load: @escaping (String) throws -> Void = { _ in },
                execute: @escaping (UnitAssignment) throws -> UnitReport) {
        self.resident = preloaded
        self.load = load
        self.run = execute
    }

    public var residentModels: [String] { resident.map { [$0] } ?? [] }

    public func prepare(model: String) throws {
        resident = nil
        try load(model)
        resident = model
    }

    public func execute(_ assignment: UnitAssignment) throws -> UnitReport {
        try run(assignment)
    }
}
