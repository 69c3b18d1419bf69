/// e^x for eight float32 lanes at once, for loops that take an exponential per element (Mamba's
/// selective scan takes one per channel × state per token, as many as its matrix products take
/// multiply-adds). Cody–Waite reduction x = k·ln 2 + r, |r| ≤ ln 2 / 2, Cephes' degree-6 expf
/// polynomial for e^r, and 2^k built from bits. Within 2 ulp of libm's expf over
/// −87.33 ≤ x ≤ 88 (tested); below that the result flushes to 0 (true e^x < 1.2e-38), above it
/// is +inf (true overflow is at 88.72, a hair later), NaN stays NaN. Pure Swift arithmetic, so
/// the bits are the same on every platform, whatever libm is installed.
public enum FloatExponential {
    @usableFromInline static let lowest: Float = -87.33
    @usableFromInline static let highest: Float = 88

    /// Inlinable so that a caller's loop keeps the lanes in registers across modules.
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // Adding 1.5·2²³ rounds x·log₂e to the integer k, which then sits in the low mantissa bits.
        let shifter = SIMD8<Float>(repeating: 12_582_912)
        let clamped = x.replacing(with: lowest, where: x .< lowest).replacing(with: highest, where: x .> highest)
        let shifted = clamped * 1.442_695_04 + shifter
        let k = shifted - shifter
        let r = (clamped - k * 0.693_359_375) - k * -2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + SIMD8(repeating: 1.398_199_95e-3)
        p = p * r + SIMD8(repeating: 8.333_451_9e-3)
        p = p * r + SIMD8(repeating: 4.166_579_59e-2)
        p = p * r + SIMD8(repeating: 1.666_666_55e-1)
        p = p * r + SIMD8(repeating: 5.000_000_1e-1)
        let power = p * r * r + r + 1
        let exponentBits = (unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &+ 127) &<< 23
        let scaled = power * unsafeBitCast(exponentBits, to: SIMD8<Float>.self)
        return scaled.replacing(with: 0, where: x .< lowest).replacing(with: .infinity, where: x .> highest)
            .replacing(with: x, where: x .!= x)
    }
}

extension FloatExponential {
    /// Softmax numerators in place: row[i] = e^(row[i] − maximum) for i < count, eight at a time
    /// (the last block padded with −∞, whose exponential is 0). Returns their sum as eight lanes
    /// (lane l adds the entries i ≡ l mod 8 in order) added first to last, a fixed order that does
    /// not depend on where the row came from. `visit(weight, exponent)` sees every entry in order.
    @inlinable
    public static func softmaxNumerators(_ row: UnsafeMutablePointer<Float>, count: Int, maximum: Float,
                                         visit: (_ weight: Float, _ exponent: Float) -> Void = { _, _ in }) -> Float {
        var lanes = SIMD8<Float>()
        var start = 0
        while start < count {
            let valid = min(8, count - start)
            var exponents = SIMD8<Float>(repeating: -.infinity)
            if valid == 8 {
                exponents = UnsafeRawPointer(row + start).loadUnaligned(as: SIMD8<Float>.self) - maximum
            } else {
                for lane in 0..<valid { exponents[lane] = row[start + lane] - maximum }
            }
            let weights = exp(exponents)
            lanes += weights
            for lane in 0..<valid {
                row[start + lane] = weights[lane]
                visit(weights[lane], exponents[lane])
            }
            start += 8
        }
        var sum = lanes[0]
        for lane in 1..<8 { sum += lanes[lane] }
        return sum
    }
}
