import Testing
@testable import Reduce

private struct PercentileFixture: Decodable {
    struct Case: Decodable { var name: String; var values: [Double]; var percents: [Double]; var expected: [Double] }
    var cases: [Case]
}

@Test func percentileMatchesNumpyLinear() throws {
    let fixture = try loadStatisticsFixture("percentile.json", as: PercentileFixture.self)
    #expect(fixture.cases.count == 6)
    for case_ in fixture.cases {
        let sorted = case_.values.sorted()
        for (percent, expected) in zip(case_.percents, case_.expected) {
            let actual = Statistics.percentile(sorted: sorted, percent: percent)
            #expect(isClose(actual, expected, relative: 1e-15, absolute: 1e-15), "\(case_.name) at \(percent): \(actual) vs numpy \(expected)")
        }
    }
}

@Test func percentileHandComputedAndUndefined() {
    // Index (5 − 1) · 0.3 = 1.2: 20 + 0.2 · (30 − 20).
    #expect(abs(Statistics.percentile(sorted: [10, 20, 30, 40, 50], percent: 30) - 22) < 1e-12)
    #expect(Statistics.percentile(sorted: [], percent: 50).isNaN)
    #expect(Statistics.percentile(sorted: [1, 2], percent: 101).isNaN)
}
