import Dispatch
import Foundation
import Synchronization

/// Worker threads for `Parallel` that spin between calls instead of sleeping.
///
/// A decode step of a small model is a few hundred parallel regions of 0.05–1 ms (each matrix
/// product, attention, the activation, the sampling). Dispatch parks its threads between them, and
/// waking one takes tens of microseconds on a virtual machine, so the caller ran most of each region
/// alone: with 2 threads the second one idled 12 % of SmolLM2's decode time. These threads poll for
/// the next call for `spinNanoseconds`, then sleep on a condition until the next call wakes them.
///
/// Protocol per call: the caller publishes the job and bumps `generation`; every worker, whether it
/// has items or not, runs its share and counts down `pending`; the caller runs share 0, then waits
/// for `pending` to reach 0 before it returns. The job therefore never changes while a worker could
/// still read it. One call at a time: a second caller (another thread, or an item calling
/// `Parallel` itself) finds the pool busy and is told to use Dispatch instead.
@available(macOS 15, *)
final class SpinningWorkers: Sendable {
    static let shared = SpinningWorkers()

    /// How long an idle worker polls before it sleeps: longer than the serial gaps inside a decode
    /// step (sampling bookkeeping, stop checks), short enough not to burn a core between work units.
    static let spinNanoseconds: UInt64 = 2_000_000

    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let job = Job()
    private let wake = NSCondition()

    /// What a call asks of the workers. Written by the caller only while no worker reads it (between
    /// the last worker's count-down and the next `generation` bump, which publishes it).
    private final class Job: @unchecked Sendable {
        var count = 0
        var participants = 0
        /// Items go to whichever participant takes the next one (`next`), not by index.
        var claimed = false
        let next = Atomic<Int>(0)
        var body: ((Int) -> Void)?
        var workers = 0
        /// Workers waiting on `wake`, guarded by its lock.
        var sleepers = 0
    }

    private init() {}

    /// Runs `body` for 0..<count on the caller and `participants` − 1 workers, item i on participant
    /// i mod participants, or with `claimed` each item on the participant that takes it first; false
    /// (nothing run) when another call holds the workers.
    func run(_ count: Int, participants: Int, claimed: Bool = false, _ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        startWorkers(atLeast: participants - 1)
        return withoutActuallyEscaping(body) { body in
            job.count = count
            job.participants = participants
            job.claimed = claimed
            job.next.store(0, ordering: .relaxed)
            job.body = body
            pending.store(job.workers, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            wake.lock()
            if job.sleepers > 0 { wake.broadcast() }
            wake.unlock()
            runShare(of: 0, body)
            var polls = 0
            while pending.load(ordering: .acquiring) > 0 { Self.pause(&polls) }
            job.body = nil
            return true
        }
    }

    private func startWorkers(atLeast wanted: Int) {
        while job.workers < wanted {
            job.workers += 1
            let index = job.workers, seen = generation.load(ordering: .acquiring)
            let thread = Thread { [self] in work(index: index, seen: seen) }
            thread.stackSize = 8 << 20  // the kernels keep panel slices on the stack
            thread.start()
        }
    }

    private func work(index: Int, seen: Int) {
        var seen = seen
        while true {
            seen = waitForCall(after: seen)
            runShare(of: index)
            pending.subtract(1, ordering: .releasing)
        }
    }

    /// One poll of a spin loop; every 64th yields the core, so that on an oversubscribed machine (more
    /// ranks × threads than cores) a spinning thread does not hold up the one it waits for.
    @inline(__always)
    private static func pause(_ polls: inout Int) {
        polls += 1
        if polls % 64 == 0 { sched_yield() }
    }

    /// A function of its own so that the worker's reference to the body is released before it
    /// counts down (the caller's `withoutActuallyEscaping` checks that no reference is left).
    @inline(never)
    private func runShare(of index: Int) {
        guard index < job.participants, let body = job.body else { return }
        runShare(of: index, body)
    }

    private func runShare(of participant: Int, _ body: (Int) -> Void) {
        guard job.claimed else {
            return Parallel.runShare(of: participant, participants: job.participants, count: job.count, body)
        }
        while true {
            let item = job.next.wrappingAdd(1, ordering: .relaxed).oldValue
            if item >= job.count { return }
            body(item)
        }
    }

    /// The generation of the next call: polled, then slept for.
    private func waitForCall(after seen: Int) -> Int {
        let deadline = DispatchTime.now().uptimeNanoseconds + Self.spinNanoseconds
        var polls = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            Self.pause(&polls)
            if polls % 1024 == 0 && DispatchTime.now().uptimeNanoseconds > deadline { break }
        }
        wake.lock()
        defer { wake.unlock() }
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            job.sleepers += 1
            wake.wait()
            job.sleepers -= 1
        }
    }
}
