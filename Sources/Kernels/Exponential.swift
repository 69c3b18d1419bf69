/// exp(x) in Double without libm: Cody–Waite reduction x = k·ln 2 + r, |r| ≤ ln2/2, then a degree-12
/// Taylor polynomial of e^r (truncation < 2e-16 relative) and a scale by 2^k built from bits.
/// Used instead of Foundation's `exp` so that sampling and statistics give the same bits on every
/// platform (libm versions differ in the last bit). Whole rows go through `RowExponentials` (Kernels),
/// the same operations in C with AVX2 where the CPU has it; this scalar form serves single entries.
/// Accuracy: within 2 ulp of libm for −708.39 ≤ x ≤ 709 (callers here pass x ≤ 0); results below
/// 2^-1022 (x < −708.39) flush to 0, x > 709 gives +inf (true exp overflows at 709.78), NaN stays NaN.
/// The row kernel gives this function's bits (tests check it at every level).
@inline(__always)
public func exponential(_ x: Double) -> Double {
    // Sources/CKernels/ExponentialKernels.c repeats these operations exactly; change both together.
    let clamped = x < -708.39 ? -708.39 : (x > 709 ? 709 : x)
    let shifted = clamped * ExponentialConstants.log2e + ExponentialConstants.shifter
    let k = shifted - ExponentialConstants.shifter
    let r = (clamped - k * ExponentialConstants.ln2High) - k * ExponentialConstants.ln2Low
    var p = 1.0 / 479_001_600
    p = p * r + 1.0 / 39_916_800
    p = p * r + 1.0 / 3_628_800
    p = p * r + 1.0 / 362_880
    p = p * r + 1.0 / 40_320
    p = p * r + 1.0 / 5_040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 1.0 / 2
    p = p * r + 1.0 / 1
    p = p * r + 1.0 / 1
    let scaled = p * Double(bitPattern: (shifted.bitPattern &+ 1023) &<< 52)
    return x < -708.39 ? 0 : (x > 709 ? .infinity : (x != x ? x : scaled))
}

enum ExponentialConstants {
    static let log2e = 0x1.71547652b82fep0
    static let ln2High = 0x1.62e42fefa3800p-1  // upper bits of ln 2: k·ln2High is exact for |k| < 2^11
    static let ln2Low = 0x1.ef35793c76730p-45
    // Adding 1.5·2^52 rounds to an integer held in the low mantissa bits (two's complement).
    static let shifter = 0x1.8p52
}
