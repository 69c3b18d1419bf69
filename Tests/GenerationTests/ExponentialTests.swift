import Foundation
import Generation
import Testing

@Suite struct ExponentialTests {
    /// Within 3 ulp of libm (measured: 2)'s exp over [−708, 709] (libm itself is within 1 ulp of the true value).
    @Test func agreesWithLibm() {
        var worst = 0.0
        let rng = SequenceRNG(key: 77)
        var xs = (0..<100_000).map { -708 + 1417 * rng.uniform(step: $0) }
        xs += (0..<20_000).map { -40 * rng.uniform(step: $0, draw: 1) } + [0, -0.0, 1, -1, 0.5 * log(2.0), -0.5 * log(2.0), -708.3, 708.9]
        for x in xs {
            let want = exp(x)
            let ulps = abs(exponential(x) - want) / want.ulp
            worst = max(worst, ulps)
        }
        #expect(worst <= 3, "worst \(worst) ulp")
        #expect(exponential(0) == 1)
    }

    @Test func scalarAndEightLaneFormsGiveSameBits() {
        let rng = SequenceRNG(key: 78)
        for step in 0..<5_000 {
            let lanes = SIMD8<Double>((0..<8).map { -720 + 1440 * rng.uniform(step: step, draw: $0) })
            let vector = exponential(lanes)
            for lane in 0..<8 { #expect(vector[lane].bitPattern == exponential(lanes[lane]).bitPattern) }
        }
        let special = SIMD8<Double>(-.infinity, .infinity, .nan, 0, -708.39, 709, -708.4, 709.1)
        let vector = exponential(special)
        for lane in 0..<8 { #expect(vector[lane].bitPattern == exponential(special[lane]).bitPattern) }
    }

    @Test func edges() {
        #expect(exponential(-.infinity) == 0)
        #expect(exponential(-800) == 0)
        #expect(exponential(710) == .infinity)
        #expect(exponential(.infinity) == .infinity)
        #expect(exponential(.nan).isNaN)
    }
}
