import Foundation
import Testing
@testable import Reduce

private func expectFit(_ fit: DecayFit, _ reference: BinnedFitFixture.Fit, _ label: String) {
    #expect(fit.problem == nil && fit.converged, "\(label): \(String(describing: fit.problem))")
    for (name, actual, expected) in [("a", fit.a, reference.a), ("b", fit.b, reference.b), ("c", fit.c, reference.c)] {
        #expect(isClose(actual, expected, relative: 1e-3), "\(label) \(name) \(actual) vs scipy \(expected)")
    }
    #expect(isClose(fit.rSquared, reference.r_squared, relative: 1e-6, absolute: 1e-9), "\(label) R² \(fit.rSquared) vs \(reference.r_squared)")
    #expect(isClose(fit.peak, 1 / reference.b, relative: 1e-3), "\(label) peak")
}

@Test func fitOfBinMediansMatchesCurveFit() throws {
    let fixture = try BinnedFitFixture.load()
    for case_ in fixture.token_cases {
        let bins = Statistics.binnedMedians(entropy: case_.entropy, cosine: case_.cosine)
        let fit = Statistics.fitDecay(bins: bins)
        #expect(fit.points == case_.bins.filter { $0.count > 0 }.count)
        expectFit(fit, case_.fit, case_.name)
    }
}

@Test func fitOfPointsMatchesCurveFit() throws {
    let fixture = try BinnedFitFixture.load()
    #expect(fixture.point_cases.map(\.name) == ["exact", "points_noisy"])
    for case_ in fixture.point_cases {
        expectFit(Statistics.fitDecay(x: case_.x, y: case_.y), case_.fit, case_.name)
    }
    // Noise-free points: the parameters come back almost exactly.
    let exact = try #require(fixture.point_cases.first)
    let fit = Statistics.fitDecay(x: exact.x, y: exact.y)
    #expect(abs(fit.a - 1.3) < 1e-8 && abs(fit.b - 0.9) < 1e-8 && abs(fit.c - 0.1) < 1e-8)
}

@Test func linearModelOnTheCurveMatchesLinregress() throws {
    let fixture = try BinnedFitFixture.load()
    for case_ in fixture.token_cases {
        // scipy's own parameters, so this checks the regression alone.
        let curve = DecayFit(a: case_.fit.a, b: case_.fit.b, c: case_.fit.c, rSquared: case_.fit.r_squared,
                             points: 0, converged: true, iterations: 0, problem: nil)
        let line = curve.linearModel(entropy: case_.entropy, cosine: case_.cosine)
        let expected = case_.linear_model
        #expect(line.count == expected.n)
        #expect(isClose(line.slope, expected.slope, relative: 1e-10), "\(case_.name) slope")
        #expect(isClose(line.intercept, expected.intercept, relative: 1e-9, absolute: 1e-12), "\(case_.name) intercept")
        #expect(isClose(line.rSquared, expected.r_squared, relative: 1e-10), "\(case_.name) R²")
    }
}

@Test func fitFailuresAreReported() {
    let few = Statistics.fitDecay(x: [1, 2, 3], y: [0.1, 0.3, 0.2])
    #expect(few.problem == .tooFewPoints(3) && few.a.isNaN)
    #expect(Statistics.fitDecay(x: [1, 2, .nan, 4], y: [1, 2, 3, 4]).problem == .invalidInput)
    #expect(Statistics.fitDecay(x: [1, 2, 3], y: [1, 2]).problem == .invalidInput)
    // Exponential growth y = 0.5·x·e^(0.3x) + 1 is the model with b = −0.3: no peak.
    let x = (1...12).map { Double($0) / 2 }
    let growth = Statistics.fitDecay(x: x, y: x.map { 0.5 * $0 * exp(0.3 * $0) + 1 })
    #expect(growth.problem == .nonPositiveDecay(growth.b))
    #expect(abs(growth.b + 0.3) < 1e-6, "b = \(growth.b)")
    #expect(growth.peak.isNaN)
}
