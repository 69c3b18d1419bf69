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

    @Test func edges() {
        #expect(exponential(-.infinity) == 0)
        #expect(exponential(-800) == 0)
        #expect(exponential(710) == .infinity)
        #expect(exponential(.infinity) == .infinity)
        #expect(exponential(.nan).isNaN)
    }
}
