import Foundation

extension Elementwise {
    /// Adds one bias vector to every row of a row-major [rows × width] buffer (a Linear layer's bias).
    public static func addBias(_ x: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            let values = x + row * width
            for i in 0..<width { values[i] += bias[i] }
        }
    }

    /// Tanh soft-capping, x = cap · tanh(x / cap): bounds values to (−cap, cap) while leaving
    /// small ones almost unchanged (Gemma-2's final logits).
    public static func softCap(_ x: UnsafeMutablePointer<Float>, count: Int, cap: Float) {
        for i in 0..<count { x[i] = cap * tanhf(x[i] / cap) }
    }

    /// x *= factor
    public static func scale(_ x: UnsafeMutablePointer<Float>, by factor: Float, count: Int) {
        for i in 0..<count { x[i] *= factor }
    }
}
