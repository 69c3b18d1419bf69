import Foundation
import Generation
import Kernels
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

    /// The row kernel (C, every level this CPU has) gives the scalar Swift function's bits, with and
    /// without a temperature, for ordinary logits, the clamp edges, infinities and NaN.
    @Test func rowKernelGivesTheScalarFunctionsBitsAtEveryLevel() {
        let rng = SequenceRNG(key: 78)
        var logits = (0..<4_099).map { Float(-60 + 80 * rng.uniform(step: $0)) }
        logits += [-.infinity, .infinity, .nan, 0, -700, 709.5, -708.4, 30, 1e30, -1e30, -0.0]
        for (maximum, temperature) in [(20.0, 1.0), (0.0, 0.7), (-3.5, 1.5), (30.0, 0.01)] {
            let expected = logits.map { exponential((Double($0) - maximum) / temperature).bitPattern }
            for level in KernelLevel.available {
                var out = [Double](repeating: 0, count: logits.count)
                logits.withUnsafeBufferPointer { z in
                    out.withUnsafeMutableBufferPointer {
                        RowExponentials.shifted(z, maximum: maximum, temperature: temperature, into: $0, level: level)
                    }
                }
                #expect(out.map(\.bitPattern) == expected, "\(level.name) max \(maximum) T \(temperature)")
            }
        }
    }

    @Test func edges() {
        #expect(exponential(-.infinity) == 0)
        #expect(exponential(-800) == 0)
        #expect(exponential(710) == .infinity)
        #expect(exponential(.infinity) == .infinity)
        #expect(exponential(.nan).isNaN)
    }
}
