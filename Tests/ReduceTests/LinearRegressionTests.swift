import Testing
@testable import Reduce

private struct LinregressFixture: Decodable {
    struct Case: Decodable { var name: String; var x: [Double]; var y: [Double]; var slope: Double; var intercept: Double; var r_squared: Double; var n: Int }
    var cases: [Case]
}

@Test func linearRegressionMatchesLinregress() throws {
    let fixture = try loadStatisticsFixture("linregress.json", as: LinregressFixture.self)
    #expect(fixture.cases.map(\.name) == ["normal500", "offset50", "two_points"])
    for case_ in fixture.cases {
        let line = Statistics.linearRegression(x: case_.x, y: case_.y)
        #expect(line.count == case_.n)
        #expect(isClose(line.slope, case_.slope, relative: 1e-11), "\(case_.name) slope \(line.slope) vs \(case_.slope)")
        #expect(isClose(line.intercept, case_.intercept, relative: 1e-9), "\(case_.name) intercept \(line.intercept) vs \(case_.intercept)")
        #expect(isClose(line.rSquared, case_.r_squared, relative: 1e-11), "\(case_.name) R² \(line.rSquared) vs \(case_.r_squared)")
    }
}

@Test func linearRegressionUndefinedCases() {
    #expect(Statistics.linearRegression(x: [1], y: [2]).slope.isNaN)
    #expect(Statistics.linearRegression(x: [2, 2, 2], y: [1, 2, 3]).slope.isNaN)
    let flat = Statistics.linearRegression(x: [1, 2, 3], y: [5, 5, 5])
    #expect(flat.slope == 0 && flat.intercept == 5 && flat.rSquared.isNaN)
}
