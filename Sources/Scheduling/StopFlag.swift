import Foundation

/// A request to stop gracefully, shared between threads: set from a signal handler's queue
/// (SIGTERM, SIGUSR1) and read by the worker and the coordinator between units.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false  // guarded by `lock`

    public init() {}

    /// Asks every holder of this flag to stop at its next check point.
    public func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    public var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}
