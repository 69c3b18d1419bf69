/// exp(x) in Double without libm: Cody–Waite reduction x = k·ln 2 + r, |r| ≤ ln2/2, then a degree-12
/// Taylor polynomial of e^r (truncation < 2e-16 relative) and a scale by 2^k built from bits.
/// Chosen over Foundation's `exp` because it is branch-free (eight lanes at a time in `exponential(_:)`
/// on SIMD8), several times cheaper, and gives the same bits on every platform, which keeps sampling
/// reproducible across libm versions. Accuracy: within 2 ulp of libm for −708.39 ≤ x ≤ 709 (callers here
/// pass x ≤ 0); results below 2^-1022 (x < −708.39) flush to 0, x > 709 gives +inf (true exp overflows
/// at 709.78), NaN stays NaN. The scalar and SIMD forms give identical bits.
@inline(__always)
public func exponential(_ x: Double) -> Double {
    exponential(SIMD8<Double>(repeating: x))[0]
}

@inline(__always)
public func exponential(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let log2e = 0x1.71547652b82fep0
    let ln2High = 0x1.62e42fefa3800p-1  // upper bits of ln 2: k·ln2High is exact for |k| < 2^11
    let ln2Low = 0x1.ef35793c76730p-45
    // Adding 1.5·2^52 rounds to an integer held in the low mantissa bits (two's complement).
    let shifter = SIMD8<Double>(repeating: 0x1.8p52)
    let clamped = x.replacing(with: -708.39, where: x .< -708.39).replacing(with: 709, where: x .> 709)
    let shifted = clamped * log2e + shifter
    let k = shifted - shifter
    let r = (clamped - k * ln2High) - k * ln2Low
    // Horner form of Σ_{n≤12} r^n / n!.
    var p = SIMD8<Double>(repeating: 1.0 / 479_001_600)
    p = p * r + SIMD8(repeating: 1.0 / 39_916_800)
    p = p * r + SIMD8(repeating: 1.0 / 3_628_800)
    p = p * r + SIMD8(repeating: 1.0 / 362_880)
    p = p * r + SIMD8(repeating: 1.0 / 40_320)
    p = p * r + SIMD8(repeating: 1.0 / 5_040)
    p = p * r + SIMD8(repeating: 1.0 / 720)
    p = p * r + SIMD8(repeating: 1.0 / 120)
    p = p * r + SIMD8(repeating: 1.0 / 24)
    p = p * r + SIMD8(repeating: 1.0 / 6)
    p = p * r + SIMD8(repeating: 1.0 / 2)
    p = p * r + SIMD8(repeating: 1.0 / 1)
    p = p * r + SIMD8(repeating: 1.0 / 1)
    let exponentBits = (unsafeBitCast(shifted, to: SIMD8<UInt64>.self) &+ 1023) &<< 52
    let scaled = p * unsafeBitCast(exponentBits, to: SIMD8<Double>.self)
    return scaled.replacing(with: 0, where: x .< -708.39).replacing(with: .infinity, where: x .> 709)
        .replacing(with: x, where: x .!= x)
}
