import Testing
@testable import Reduce

private struct WilsonFixture: Decodable {
    struct Case: Decodable { var successes: Int; var trials: Int; var lower: Double; var upper: Double }
    var z: Double
    var cases: [Case]
}

@Test func wilsonMatchesStatsmodelsFormula() throws {
    let fixture = try loadStatisticsFixture("wilson.json", as: WilsonFixture.self)
    #expect(fixture.z == Statistics.z95)
    #expect(fixture.cases.count == 8)
    for case_ in fixture.cases {
        let interval = Statistics.wilsonInterval(successes: case_.successes, trials: case_.trials)
        let label = "\(case_.successes)/\(case_.trials)"
        #expect(isClose(interval.lower, max(case_.lower, 0), relative: 1e-13, absolute: 1e-15), "\(label) lower \(interval.lower) vs \(case_.lower)")
        #expect(isClose(interval.upper, min(case_.upper, 1), relative: 1e-13, absolute: 1e-15), "\(label) upper \(interval.upper) vs \(case_.upper)")
        #expect(interval.proportion == Double(case_.successes) / Double(case_.trials))
    }
}

@Test func wilsonEdgesAreExactOrUndefined() {
    // k = 0: lower 0 (clipped against rounding), upper z²/(n + z²); k = n mirrors it.
    let none = Statistics.wilsonInterval(successes: 0, trials: 10)
    let z2 = Statistics.z95 * Statistics.z95
    #expect(none.lower == 0)
    #expect(abs(none.upper - z2 / (10 + z2)) < 1e-15)
    let all = Statistics.wilsonInterval(successes: 10, trials: 10)
    #expect(abs(all.upper - 1) < 1e-15)
    #expect(abs(all.lower - 10 / (10 + z2)) < 1e-15)
    #expect(Statistics.wilsonInterval(successes: 0, trials: 0) == ProportionInterval(proportion: .nan, lower: .nan, upper: .nan))
    #expect(Statistics.wilsonInterval(successes: 5, trials: 3).lower.isNaN)
}
