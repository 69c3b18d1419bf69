import Dispatch
import Testing
@testable import Kernels

/// Items write disjoint memory (the contract of `Parallel`), so each counts its own runs in its slot.
@Suite struct ParallelTests {
    /// Every item runs exactly once, whatever the count and thread number (more threads than items,
    /// one item, none), call after call (the spinning workers are reused and sleep in between).
    @Test func everyItemRunsOnce() {
        for threads in [1, 2, 3, 5] {
            for count in [0, 1, 2, 3, 7, 64, 1_000] {
                let runs = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
                defer { runs.deallocate() }
                runs.initialize(repeating: 0)
                Parallel.forEach(count, threads: threads) { runs[$0] += 1 }
                #expect(runs.prefix(count).allSatisfy { $0 == 1 }, "threads \(threads), count \(count)")
            }
        }
        for threads in [1, 2, 3] {
            for count in [0, 1, 2, 5, 300] {
                var runs = [Int](repeating: 0, count: count)
                runs.withUnsafeMutableBufferPointer { runs in Parallel.forEachBalanced(count, threads: threads) { runs[$0] += 1 } }
                #expect(runs.allSatisfy { $0 == 1 }, "balanced: threads \(threads), count \(count)")
            }
        }
        var covered = [Int](repeating: 0, count: 1_001)
        covered.withUnsafeMutableBufferPointer { covered in
            Parallel.forEachRange(1_001, threads: 3) { range in for i in range { covered[i] += 1 } }
        }
        #expect(covered.allSatisfy { $0 == 1 })
    }

    /// Calls from several threads at once, and calls from inside an item, share the workers or fall
    /// back to Dispatch; every item of every call still runs exactly once.
    @Test func concurrentAndNestedCallsRunEveryItemOnce() {
        let callers = 6, count = 40, rounds = 5
        let runs = UnsafeMutableBufferPointer<Int>.allocate(capacity: callers * count * count)
        defer { runs.deallocate() }
        runs.initialize(repeating: 0)
        nonisolated(unsafe) let slots = runs
        DispatchQueue.concurrentPerform(iterations: callers) { caller in
            for _ in 0..<rounds {
                Parallel.forEach(count, threads: 2) { outer in
                    Parallel.forEachBalanced(count, threads: 2) { inner in
                        slots[(caller * count + outer) * count + inner] += 1
                    }
                }
            }
        }
        #expect(runs.allSatisfy { $0 == rounds })
    }

    /// After the workers have gone to sleep (longer than they spin), the next call wakes them.
    @Test func workersWakeAfterSleeping() async throws {
        var seen = [Int](repeating: 0, count: 8)
        seen.withUnsafeMutableBufferPointer { seen in Parallel.forEach(4, threads: 4) { seen[$0] += 1 } }
        try await Task.sleep(nanoseconds: 3 * SpinningWorkers.spinNanoseconds)
        seen.withUnsafeMutableBufferPointer { seen in Parallel.forEach(8, threads: 4) { seen[$0] += 1 } }
        #expect(seen == [2, 2, 2, 2, 1, 1, 1, 1])
    }
}
