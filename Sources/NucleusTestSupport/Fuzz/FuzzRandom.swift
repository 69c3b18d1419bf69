import Foundation

/// The seeded generator of the fuzz tests (SplitMix64): the same seed gives the same inputs on
/// every machine. `NUCLEUS_FUZZ_SEED` picks another seed (`random` for a fresh one, printed),
/// `NUCLEUS_FUZZ_COUNT` another number of inputs per parser.
public struct FuzzRandom: RandomNumberGenerator {
    public let seed: UInt64
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// Seeded by `seed(name, fallback:)` with a fallback derived from `name`, so each fuzz target
    /// has its own fixed default stream.
    public init(name: String) {
        let fallback = name.utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
        self.init(seed: Self.seed(name, fallback: fallback))
    }

    /// The seed to use: `NUCLEUS_FUZZ_SEED` when set, else `fallback`. Printed, so that a run a
    /// trap ended can be reproduced from its log.
    public static func seed(_ parser: String, fallback: UInt64) -> UInt64 {
        let environment = ProcessInfo.processInfo.environment["NUCLEUS_FUZZ_SEED"]
        let seed = environment == "random" ? UInt64.random(in: 0...UInt64.max) : environment.flatMap { UInt64($0) } ?? fallback
        print("fuzz \(parser): seed \(seed) (NUCLEUS_FUZZ_SEED=\(seed) reproduces it)")
        return seed
    }

    /// Inputs per parser: `NUCLEUS_FUZZ_COUNT` when set, else 1000.
    public static var count: Int {
        ProcessInfo.processInfo.environment["NUCLEUS_FUZZ_COUNT"].flatMap { Int($0) } ?? 1000
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    public mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + below(range.count) }

    /// A uniformly drawn element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    public mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
}

/// Byte-level damage any parser must survive: flips, overwrites, insertions, deletions, truncation.
public enum ByteMutation {
    public static func mutate(_ bytes: [UInt8], _ random: inout FuzzRandom) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return [UInt8(truncatingIfNeeded: random.next())] }
        switch random.below(5) {
        case 0: out[random.below(out.count)] ^= UInt8(1 << random.below(8))
        case 1: out[random.below(out.count)] = UInt8(truncatingIfNeeded: random.next())
        case 2: out.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(out.count + 1))
        case 3: out.remove(at: random.below(out.count))
        default: out = Array(out.prefix(random.below(out.count)))
        }
        return out
    }
}
