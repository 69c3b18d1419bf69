import Foundation

/// Row-wise kernels over row-major [rows × width] buffers. Each has one signature shape
/// (out, input, weights, rows, width) and a naive twin where the fast form is not obvious.
public enum Elementwise {
    /// RMSNorm: out = x / sqrt(mean(x²) + eps) · weight, per row. Sum in Double so the result
    /// does not depend on vectorisation width.
    public static func rmsNorm(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                               weight: UnsafePointer<Float>, rows: Int, width: Int, eps: Float, threads: Int = 1) {
        // Rows on several threads: the float64 sum is one sequential chain per row (its order fixes
        // the bits), so rows, not lanes, are what can run side by side.
        Parallel.forEachRange(rows, threads: Activation.usefulThreads(threads, rows: rows, hidden: width)) { range in
            for row in range {
                let input = x + row * width, output = out + row * width
                var sumOfSquares = 0.0
                for i in 0..<width { sumOfSquares += Double(input[i]) * Double(input[i]) }
                let scale = Float(1.0 / (sumOfSquares / Double(width) + Double(eps)).squareRoot())
                for i in 0..<width { output[i] = input[i] * scale * weight[i] }
            }
        }
    }

    /// LayerNorm with optional bias: out = (x − mean) / sqrt(var + eps) · weight + bias.
    public static func layerNorm(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                                 weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                 rows: Int, width: Int, eps: Float) {
        for row in 0..<rows {
            let input = x + row * width, output = out + row * width
            var sum = 0.0
            for i in 0..<width { sum += Double(input[i]) }
            let mean = sum / Double(width)
            var variance = 0.0
            for i in 0..<width { let d = Double(input[i]) - mean; variance += d * d }
            let scale = 1.0 / (variance / Double(width) + Double(eps)).squareRoot()
            for i in 0..<width {
                let normalised = Float((Double(input[i]) - mean) * scale) * weight[i]
                output[i] = bias.map { normalised + $0[i] } ?? normalised
            }
        }
    }

    /// x·sigmoid(x) = x / (1 + e^−x), e^−x the float64 `exponential` rounded once to float (nearly
    /// always libm's expf, but the same bits on every platform): the bits of `nk_silu_gated`.
    @inline(__always) public static func silu(_ x: Float) -> Float {
        x / (1 + Float(exponential(-Double(x))))
    }

    /// GELU, tanh approximation (GPT-NeoX, Phi "gelu_new").
    @inline(__always) public static func geluTanh(_ x: Float) -> Float {
        0.5 * x * (1 + tanhf(0.797_884_560_8 * (x + 0.044_715 * x * x * x)))
    }

    /// y += x
    public static func add(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += x[i] }
    }

    /// In-place softmax of one row (max-subtracted).
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        var maximum = x[0]
        for i in 1..<count where x[i] > maximum { maximum = x[i] }
        var sum: Float = 0
        for i in 0..<count { x[i] = expf(x[i] - maximum); sum += x[i] }
        let inverse = 1 / sum
        for i in 0..<count { x[i] *= inverse }
    }
}
