import Testing
@testable import Kernels

@Suite struct MatMulTests {
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
    }

    func product(_ x: [Float], rows: Int, _ w: [Float], n: Int, k: Int, threads: Int) -> [Float] {
        var out = [Float](repeating: .nan, count: rows * n)
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                out.withUnsafeMutableBufferPointer { op in
                    MatMul.multiply(xp.baseAddress!, rows: rows, weights: wp.baseAddress!, outputs: n, inputs: k,
                                    into: op.baseAddress!, threads: threads)
                }
            }
        }
        return out
    }

    @Test func matchesNaiveTwin() {
        BLAS.useSingleThreadedCalls()
        let (m, n, k) = (7, 333, 65)
        let x = Self.random(m * k, seed: 1), w = Self.random(n * k, seed: 2)
        let slow = MatMul.reference(x, rows: m, weights: w, outputs: n, inputs: k)
        for threads in [1, 2, 3] {
            let fast = product(x, rows: m, w, n: n, k: k, threads: threads)
            #expect(zip(fast, slow).allSatisfy { abs($0 - $1) <= 1e-4 }, "threads \(threads)")
        }
    }

    @Test func columnBlocksCoverEveryColumnOnce() {
        for n in [1, 63, 64, 576, 960, 3072, 49152, 50257] {
            let blocks = MatMul.columnBlocks(n)
            #expect(blocks.first?.lowerBound == 0 && blocks.last?.upperBound == n)
            #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(blocks.count <= 8)
        }
    }

    /// The bits of every output must not depend on the thread count (ranks × threads vary between
    /// runs of one job, DESIGN §3).
    @Test(arguments: [(960, 576), (576, 576), (3072, 576), (576, 1536), (49152, 576)])
    func resultsDoNotDependOnThreadCount(_ shape: (Int, Int)) {
        BLAS.useSingleThreadedCalls()
        let (n, k) = shape
        let w = Self.random(n * k, seed: 3)
        for rows in [1, 5, 32] {
            let x = Self.random(rows * k, seed: 4)
            let one = product(x, rows: rows, w, n: n, k: k, threads: 1)
            for threads in [2, 3] {
                let many = product(x, rows: rows, w, n: n, k: k, threads: threads)
                let differing = zip(one, many).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "(\(n),\(k)) rows=\(rows) threads=\(threads): \(differing) outputs differ")
            }
        }
    }

    /// A row in a different batch may round differently (OpenBLAS tiles), but only at float32 noise level.
    @Test func batchCompanionsChangeOnlyRounding() {
        BLAS.useSingleThreadedCalls()
        let (n, k) = (576, 576)
        let w = Self.random(n * k, seed: 3), x = Self.random(21 * k, seed: 4)
        let alone = product(Array(x.prefix(k)), rows: 1, w, n: n, k: k, threads: 1)
        let batched = product(x, rows: 21, w, n: n, k: k, threads: 1)
        let maxDifference = (0..<n).map { abs(alone[$0] - batched[$0]) }.max() ?? .infinity
        #expect(maxDifference <= 1e-5, "rounding-level only: \(maxDifference)")
    }
}
