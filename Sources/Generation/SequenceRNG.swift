/// A counter-based random stream for one generated sequence: Philox4x32-10 (Salmon et al., SC'11,
/// the generator of Random123, cuRAND and JAX), chosen because it has published known-answer vectors
/// and needs no state: the value for (key, step, draw) is a pure function of those three numbers, so a
/// sequence's tokens never depend on its batch neighbours, on how many draws they made, or on resumes.
///
/// Mapping (also in scripts/fixtures/philox_reference.py, which pins the test values):
/// key words = (low, high 32 bits of `key`); counter = (step low, step high, draw low, draw high);
/// the first two output words form 64 bits `w0 | w1 << 32`, of which the top 53 give the uniform.
public struct SequenceRNG: Sendable, Hashable, Codable {
    public let key: UInt64

    public init(key: UInt64) {
        self.key = key
    }

    /// A uniform double in [0, 1) with 53 random bits for generation step `step` (draw `draw` of that
    /// step, for callers needing more than one number per step). Negative steps are read as their
    /// two's-complement bit pattern.
    public func uniform(step: Int, draw: Int = 0) -> Double {
        Double(random64(step: step, draw: draw) >> 11) * 0x1p-53
    }

    /// The raw 64 random bits behind `uniform(step:draw:)`.
    public func random64(step: Int, draw: Int = 0) -> UInt64 {
        let s = UInt64(bitPattern: Int64(step))
        let d = UInt64(bitPattern: Int64(draw))
        let out = Philox4x32.block(counter: (UInt32(truncatingIfNeeded: s), UInt32(truncatingIfNeeded: s >> 32),
                                             UInt32(truncatingIfNeeded: d), UInt32(truncatingIfNeeded: d >> 32)),
                                   key: (UInt32(truncatingIfNeeded: key), UInt32(truncatingIfNeeded: key >> 32)))
        return UInt64(out.0) | UInt64(out.1) << 32
    }
}

/// The Philox4x32 block function with 10 rounds (the Random123 default).
public enum Philox4x32 {
    public typealias Words = (UInt32, UInt32, UInt32, UInt32)

    static let multiplier0: UInt32 = 0xD251_1F53
    static let multiplier1: UInt32 = 0xCD9E_8D57
    // Weyl increments of the key schedule: golden ratio and sqrt(3) - 1, as 32-bit fractions.
    static let keyIncrement0: UInt32 = 0x9E37_79B9
    static let keyIncrement1: UInt32 = 0xBB67_AE85

    /// Encrypts `counter` under `key` with 10 rounds.
    public static func block(counter: Words, key: (UInt32, UInt32)) -> Words {
        var (c0, c1, c2, c3) = counter
        var (k0, k1) = key
        for round in 0..<10 {
            if round > 0 {
                k0 &+= keyIncrement0
                k1 &+= keyIncrement1
            }
            let product0 = UInt64(multiplier0) * UInt64(c0)
            let product1 = UInt64(multiplier1) * UInt64(c2)
            (c0, c1, c2, c3) = (UInt32(truncatingIfNeeded: product1 >> 32) ^ c1 ^ k0, UInt32(truncatingIfNeeded: product1),
                                UInt32(truncatingIfNeeded: product0 >> 32) ^ c3 ^ k1, UInt32(truncatingIfNeeded: product0))
        }
        return (c0, c1, c2, c3)
    }
}
