import CBLAS

/// `out[M×N] = x[M×K] · wᵀ` with `w` stored row-major as [N×K] (PyTorch's Linear layout).
///
/// Determinism: OpenBLAS rounds differently depending on its thread count, on how the output
/// columns are split between threads, and on a row's position inside its micro-kernel tile
/// (measured on this platform: see Tests/KernelsTests/MatMulTests.swift). So OpenBLAS runs
/// single-threaded, and the columns are cut into blocks whose boundaries depend only on N; the
/// blocks are spread over `threads` threads. A result then depends on (x, w, M, row position)
/// and never on the thread count — so a work unit gives the same bits on any number of ranks.
/// (It can still differ in the last bits when the same row sits in a different batch; batch
/// composition is fixed per unit, DESIGN §3.)
public enum MatMul {
    /// Fixed number of column blocks per call (independent of the thread count).
    static let blocksPerCall = 8
    static let blockAlignment = 64

    public static func columnBlocks(_ n: Int) -> [Range<Int>] {
        let width = max(blockAlignment, ((n + blocksPerCall - 1) / blocksPerCall + blockAlignment - 1) / blockAlignment * blockAlignment)
        return stride(from: 0, to: n, by: width).map { $0..<min(n, $0 + width) }
    }

    public static func multiply(_ x: UnsafePointer<Float>, rows m: Int, weights w: UnsafePointer<Float>,
                                outputs n: Int, inputs k: Int, into out: UnsafeMutablePointer<Float>, threads: Int,
                                activations: ComputePrecision = .float32) {
        guard m > 0, n > 0 else { return }
        if activations == .bfloat16 {
            return withBFloat16Activations(x, count: m * k) {
                multiply($0, rows: m, weights: w, outputs: n, inputs: k, into: out, threads: threads)
            }
        }
        let blocks = columnBlocks(n)
        Parallel.forEach(blocks.count, threads: threads) { index in
            let columns = blocks[index]
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(columns.count), Int32(k),
                        1, x, Int32(k), w + columns.lowerBound * k, Int32(k), 0, out + columns.lowerBound, Int32(n))
        }
    }

    /// The same product with `w` in a 16-bit format: each column block's rows are converted to
    /// float32 into that block's scratch, then multiplied exactly as `multiply` does. Conversion is
    /// exact and the blocks are the same, so the result is bitwise that of the float32 path.
    public static func multiply(_ x: UnsafePointer<Float>, rows m: Int, weights w: HalfPrecisionMatrix,
                                outputs n: Int, inputs k: Int, into out: UnsafeMutablePointer<Float>, threads: Int,
                                activations: ComputePrecision = .float32) {
        guard m > 0, n > 0 else { return }
        if activations == .bfloat16 {
            return withBFloat16Activations(x, count: m * k) {
                multiply($0, rows: m, weights: w, outputs: n, inputs: k, into: out, threads: threads)
            }
        }
        precondition(w.rows == n && w.columns == k, "half-precision weights are \(w.rows)×\(w.columns), the product needs \(n)×\(k)")
        let blocks = columnBlocks(n)
        Parallel.forEach(blocks.count, threads: threads) { index in
            let columns = blocks[index]
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: columns.count * k)
            defer { scratch.deallocate() }
            w.convertRows(columns, into: scratch)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(columns.count), Int32(k),
                        1, x, Int32(k), scratch, Int32(k), 0, out + columns.lowerBound, Int32(n))
        }
    }

    /// Runs `body` on a bf16-rounded copy of `x` (the reference semantics of `.bfloat16` compute).
    private static func withBFloat16Activations(_ x: UnsafePointer<Float>, count: Int, _ body: (UnsafePointer<Float>) -> Void) {
        let rounded = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { rounded.deallocate() }
        rounded.update(from: x, count: count)
        BFloat16.round(rounded, count: count)
        body(rounded)
    }

    /// Naive twin for tests: plain triple loop, accumulating in Double.
    public static func reference(_ x: [Float], rows m: Int, weights w: [Float], outputs n: Int, inputs k: Int) -> [Float] {
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(x[i * k + p]) * Double(w[j * k + p]) }
                out[i * n + j] = Float(sum)
            }
        }
        return out
    }
}
