import Testing
@testable import Reduce

private struct RandomFixture: Decodable {
    struct Draws: Decodable { var seed: String; var bound: String; var values: [String] }
    var splitmix64: [String: [String]]
    var xoshiro256starstar: [String: [String]]
    var index_below: [Draws]
}

@Test func splitMix64MatchesReferenceOutputs() throws {
    let fixture = try loadStatisticsFixture("rng.json", as: RandomFixture.self)
    // Seed 1234567 is the published example of Vigna's splitmix64.c: 6457827717110365317, ...
    #expect(fixture.splitmix64["1234567"]?.first == "6457827717110365317")
    for (seed, expected) in fixture.splitmix64 {
        var generator = SplitMix64(seed: try #require(UInt64(seed)))
        #expect((0..<expected.count).map { _ in String(generator.next()) } == expected, "seed \(seed)")
    }
}

@Test func xoshiro256StarStarMatchesReferenceOutputs() throws {
    let fixture = try loadStatisticsFixture("rng.json", as: RandomFixture.self)
    for (seed, expected) in fixture.xoshiro256starstar {
        var generator = Xoshiro256StarStar(seed: try #require(UInt64(seed)))
        #expect((0..<expected.count).map { _ in String(generator.next()) } == expected, "seed \(seed)")
    }
}

@Test func boundedDrawsMatchLemiresMethod() throws {
    let fixture = try loadStatisticsFixture("rng.json", as: RandomFixture.self)
    #expect(fixture.index_below.count == 4)
    for case_ in fixture.index_below {
        var generator = Xoshiro256StarStar(seed: try #require(UInt64(case_.seed)))
        let bound = try #require(Int(case_.bound))
        let draws = (0..<case_.values.count).map { _ in String(generator.uniformIndex(below: bound)) }
        #expect(draws == case_.values, "seed \(case_.seed) bound \(bound)")
    }
}

@Test func boundedDrawsCoverTheRangeEvenly() {
    var generator = Xoshiro256StarStar(seed: 99)
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<60_000 { counts[generator.uniformIndex(below: 6)] += 1 }
    // Each count is Binomial(60000, 1/6): mean 10000, sd ≈ 91; 6 sd is a generous bound.
    #expect(counts.allSatisfy { abs($0 - 10_000) < 550 }, "\(counts)")
}
