import Foundation

/// A thread that can be waited for. Blocking receives belong on threads of their own, not on
/// the Swift concurrency pool.
final class JoinableThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, body: @escaping @Sendable () -> Void) {
        let finished = self.finished
        let thread = Thread {
            body()
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    func join() {
        finished.wait()
    }
}

/// Keeps the first error any thread of a run hit, so the root cause is reported rather than
/// the "mesh closed" errors it causes in the other threads.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var first: (any Error)?  // guarded by `lock`

    func record(_ error: any Error) {
        lock.lock()
        if first == nil { first = error }
        lock.unlock()
    }

    var error: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }
}

/// A value handed from one thread to the one that joins it.
final class ResultSlot<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?  // guarded by `lock`

    func store(_ value: Value) {
        lock.lock()
        stored = value
        lock.unlock()
    }

    var value: Value? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
