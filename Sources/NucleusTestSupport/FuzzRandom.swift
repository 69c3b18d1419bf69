import Foundation

/// The random source of fuzz tests: SplitMix64 from a seed that is printed, so a failure (or a
/// crash, which prints nothing else) is reproduced with `NUCLEUS_FUZZ_SEED=<seed> swift test …`.
/// Without the variable each run draws a fresh seed, so CI explores new inputs every time.
public struct FuzzRandom: RandomNumberGenerator {
    public let seed: UInt64
    private var state: UInt64

    /// Seeded from `NUCLEUS_FUZZ_SEED` when set, else at random; prints the seed under `name`.
    public init(name: String) {
        let environment = ProcessInfo.processInfo.environment["NUCLEUS_FUZZ_SEED"].flatMap { UInt64($0) }
        self.init(seed: environment ?? UInt64.random(in: 0...UInt64.max))
        print("fuzz \(name): seed \(seed) (NUCLEUS_FUZZ_SEED=\(seed) reproduces)")
    }

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly drawn element of a non-empty array.
    public mutating func pick<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &self)] }

    public mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }

    public mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
}
