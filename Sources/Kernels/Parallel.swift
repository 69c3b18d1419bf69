import Dispatch

/// Runs independent work items on up to `threads` threads. Each item must write disjoint memory;
/// results then do not depend on scheduling, only on the items themselves.
public enum Parallel {
    public static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        if threads <= 1 || count == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let workers = min(threads, count)
        withoutActuallyEscaping(body) { body in
            // Items touch disjoint memory (the contract above), so sharing the closure is safe.
            nonisolated(unsafe) let item = body
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < count {
                    item(index)
                    index += workers
                }
            }
        }
    }

    /// Splits 0..<count into up to `threads` contiguous ranges of near-equal size and runs them in
    /// parallel (one range on the calling thread when `threads` ≤ 1).
    public static func forEachRange(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let parts = max(1, min(threads, count))
        forEach(parts, threads: parts) { part in
            let lower = count * part / parts, upper = count * (part + 1) / parts
            if lower < upper { body(lower..<upper) }
        }
    }
}
