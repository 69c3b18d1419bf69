/// SplitMix64 (Steele, Lea & Flood 2014, as in Vigna's reference `splitmix64.c`): a 64-bit
/// counter passed through a mixing function. Used here to expand one seed into the state of
/// ``Xoshiro256StarStar`` and into per-replicate seeds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2018): the generator the bootstrap draws from. Its state
/// is filled from ``SplitMix64`` seeded with `seed`, as the authors recommend, so any seed
/// (zero included) gives a valid, non-zero state.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next(); s1 = seeder.next(); s2 = seeder.next(); s3 = seeder.next()
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, 45)
        return result
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

extension RandomNumberGenerator {
    /// A uniform integer in 0..<bound (bound > 0) by Lemire's multiply-and-reject method,
    /// spelled out here rather than `Int.random(in:using:)` so the sequence of draws for a seed
    /// cannot change with the standard library's implementation.
    mutating func uniformIndex(below bound: Int) -> Int {
        precondition(bound > 0, "uniformIndex needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            // Reject the low products that would over-represent small results: 2⁶⁴ mod range of them.
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }
}
