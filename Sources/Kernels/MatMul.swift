import CKernels

/// `out[M×N] = x[M×K] · wᵀ` with `w` packed at load (`PackedMatrix`, PyTorch's [N×K] layout).
///
/// Arithmetic contract (float32 compute): every output element is ONE sequential
/// fused-multiply-add chain, acc = fma(x[i][k], w[j][k], acc) for k = 0, 1, …, K−1 starting
/// from +0. The kernels block K by storing partial sums in `out` and reloading them, which keeps
/// that order. So an element depends only on its row of x and its weight row — not on M, the
/// row's place in a kernel tile, which columns are computed together, the thread count or the
/// instruction-set level (AVX-512, AVX2 and portable `fmaf` give the same bits, as does the naive
/// twin `reference`). Results are therefore independent of thread count, rank count and batch
/// composition (a token's logits do not depend on the other rows of its batch).
///
/// bfloat16 compute (`activations: .bfloat16`): the activations are rounded to bf16 first. On
/// CPUs with AVX512-BF16 and bf16 weights, `vdpbf16ps` then adds each k pair (x₀w₀ + x₁w₁) to
/// the float32 accumulator in one step, with its own internal rounding and with denormal inputs
/// and results flushed to zero; that differs from the float32 chain in the last bits but is still
/// deterministic and independent of M, threads and batch. Elsewhere (f32/f16 weights, or the
/// AVX2/portable levels) the float32 chain runs on the rounded activations (`reference` of the
/// rounded x). The rounded copy is one allocation per product, not per block.
public enum MatMul {
    public static func multiply(_ x: UnsafePointer<Float>, rows m: Int, weights w: PackedMatrix,
                                into out: UnsafeMutablePointer<Float>, threads: Int,
                                activations: ComputePrecision = .float32, level: KernelLevel = .selected) {
        guard m > 0, w.rows > 0 else { return }
        let k = w.columns
        if activations == .bfloat16 {
            if w.format == .bfloat16, level == .avx512, KernelLevel.hasBFloat16Dot {
                // Rows padded to an even length so every k pair is one aligned 32-bit word.
                let stride = (k + 1) / 2 * 2
                let bits = UnsafeMutablePointer<UInt16>.allocate(capacity: max(1, m * stride))
                defer { bits.deallocate() }
                for row in 0..<m {
                    nk_to_bf16(x + row * k, k, bits + row * stride)
                    if stride > k { bits[row * stride + k] = 0 }
                }
                forEachColumnRange(w, rows: m, threads: threads) { panels in
                    nk_gemm_bf16dot(bits, stride, m, k, w.panels, w.rows, panels.lowerBound, panels.upperBound, out, w.rows)
                }
                return
            }
            let rounded = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
            defer { rounded.deallocate() }
            rounded.update(from: x, count: m * k)
            BFloat16.round(rounded, count: m * k)
            return multiply(rounded, rows: m, weights: w, into: out, threads: threads, level: level)
        }
        forEachColumnRange(w, rows: m, threads: threads) { panels in
            nk_gemm(Int32(level.rawValue), w.format.rawValue, x, k, m, k, w.panels, w.rows,
                    panels.lowerBound, panels.upperBound, out, w.rows)
        }
    }

    /// Splits the panels into `threads` contiguous ranges of whole panel pairs (32 columns) and
    /// runs them in parallel. Where the cuts fall changes no bit (see the contract above); it only
    /// balances the work. A product too small to repay waking threads (a few microseconds) runs on
    /// the calling thread.
    static func forEachColumnRange(_ w: PackedMatrix, rows m: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let small = m * w.rows * w.columns < 1 << 18
        Parallel.forEachRange(w.panelCount / 2, threads: small ? 1 : threads) { pairs in
            body((2 * pairs.lowerBound)..<(2 * pairs.upperBound))
        }
    }

    /// Naive twin for tests: for each element, the sequential fused-multiply-add chain from +0.
    public static func reference(_ x: [Float], rows m: Int, weights w: [Float], outputs n: Int, inputs k: Int) -> [Float] {
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k { sum = sum.addingProduct(x[i * k + p], w[j * k + p]) }
                out[i * n + j] = sum
            }
        }
        return out
    }
}
