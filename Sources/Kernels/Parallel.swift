import Dispatch

/// Runs independent work items on up to `threads` threads. Each item must write disjoint memory;
/// results then do not depend on scheduling, only on the items themselves.
///
/// Item i runs on participant i mod p (p = min(threads, count)), participant 0 being the calling
/// thread. The other participants are `SpinningWorkers` threads, which stay awake for a moment
/// after each call so the next one does not wait for a thread to wake; when those are taken (a call
/// from inside an item, or from two threads at once) Dispatch's pool serves instead.
public enum Parallel {
    public static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        run(count, threads: threads, claimed: false, body)
    }

    /// Like `forEach`, but each item runs on whichever thread is free first, for items of uneven
    /// cost (one sequence's sampling and statistics each); the body must not key scratch memory on
    /// `index mod threads`, as `forEach`'s callers may.
    public static func forEachBalanced(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        run(count, threads: threads, claimed: true, body)
    }

    /// Serially for one thread or item; else on the spinning workers, or Dispatch when they are taken:
    /// one iteration per participant (static shares), or with `claimed` one per item (Dispatch hands
    /// iterations to whichever thread is free).
    private static func run(_ count: Int, threads: Int, claimed: Bool, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        if threads <= 1 || count == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let participants = min(threads, count)
        if #available(macOS 15, *),
           SpinningWorkers.shared.run(count, participants: participants, claimed: claimed, body) { return }
        withoutActuallyEscaping(body) { body in
            // Items touch disjoint memory (the contract above), so sharing the closure is safe.
            nonisolated(unsafe) let item = body
            if claimed {
                DispatchQueue.concurrentPerform(iterations: count) { item($0) }
            } else {
                DispatchQueue.concurrentPerform(iterations: participants) { participant in
                    runShare(of: participant, participants: participants, count: count, item)
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

    /// Items participant, participant + participants, … below count.
    static func runShare(of participant: Int, participants: Int, count: Int, _ body: (Int) -> Void) {
        var index = participant
        while index < count {
            body(index)
            index += participants
        }
    }
}
