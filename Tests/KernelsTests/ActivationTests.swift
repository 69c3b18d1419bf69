import Foundation
import Testing
@testable import Kernels

@Suite struct ActivationTests {
    static let inputs: [Float] = [-3, -1, -0.5, 0, 0.25, 1, 2, 4]
    // torch 2.15: torch.nn.functional.gelu(x) and gelu(x, approximate='tanh') in float32.
    static let exact: [Float] = [-0.004049867391586304, -0.1586552858352661, -0.1542687863111496, 0,
                                 0.14967656135559082, 0.8413447141647339, 1.9544999599456787, 3.999873161315918]
    static let tanh: [Float] = [-0.0036374330520629883, -0.15880799293518066, -0.1542859971523285, 0,
                                0.14967535436153412, 0.8411920070648193, 1.9545977115631104, 3.999929904937744]

    @Test func exactGELUMatchesPyTorch() {
        for (x, expected) in zip(Self.inputs, Self.exact) {
            #expect(abs(Activation.gelu(x) - expected) <= 1e-6, "gelu(\(x))")
        }
    }

    @Test func tanhGELUMatchesPyTorch() {
        for (x, expected) in zip(Self.inputs, Self.tanh) {
            #expect(abs(Activation.geluTanh(x) - expected) <= 1e-6, "gelu_tanh(\(x))")
        }
    }

    @Test func huggingFaceNamesMapToTheirFormulas() {
        #expect(Activation(huggingFaceName: "gelu") == .gelu)
        #expect(Activation(huggingFaceName: "gelu_new") == .geluTanh)
        #expect(Activation(huggingFaceName: "gelu_pytorch_tanh") == .geluTanh)
        #expect(Activation(huggingFaceName: "silu") == .silu)
        #expect(Activation(huggingFaceName: "quick_gelu") == nil)
        #expect(Activation.huggingFaceNames.allSatisfy { Activation(huggingFaceName: $0) != nil })
    }

    @Test func gatedAppliesTheActivationToTheGateHalfOnly() {
        // Two rows, hidden 2: [gate0, gate1 | up0, up1].
        let gateUp: [Float] = [1, -1, 2, 3,
                               0, 2, 5, -0.5]
        var out = [Float](repeating: .nan, count: 4)
        Activation.gelu.gated(&out, gateUp, rows: 2, hidden: 2)
        let expected: [Float] = [Self.exact[5] * 2, Self.exact[1] * 3, 0, Self.exact[6] * -0.5]
        for (a, b) in zip(out, expected) { #expect(abs(a - b) <= 1e-6) }
    }

    /// Rows spread over threads give the bits of one thread, including uneven splits.
    @Test(arguments: [1, 7, 33])
    func gatedRowsOnSeveralThreadsKeepTheirBits(rows: Int) {
        let hidden = 1_000
        let gateUp = MatMulTests.random(rows * 2 * hidden, seed: UInt64(rows)).map { $0 * 6 }
        var single = [Float](repeating: .nan, count: rows * hidden), spread = single
        Activation.silu.gated(&single, gateUp, rows: rows, hidden: hidden, threads: 1)
        Activation.silu.gated(&spread, gateUp, rows: rows, hidden: hidden, threads: 3)
        #expect(spread.map(\.bitPattern) == single.map(\.bitPattern))
        #expect(single[0] == Elementwise.silu(gateUp[0]) * gateUp[hidden])
    }

    /// silu(x) = x / (1 + e^−x) against the same formula in float64 with libm's exp, rounded once.
    @Test func siluIsWithinTwoUlpOfTheFloat64Formula() {
        // Below −88, e^−x overflows float32 (libm's expf too, from −88.72) and silu is −0 instead of
        // a value under 1e−37.
        var x: Float = -88
        while x <= 90 {
            let reference = Float(Double(x) / (1 + Foundation.exp(-Double(x))))
            let got = Elementwise.silu(x)
            let ulp = max(reference.ulp, Float.leastNormalMagnitude)
            #expect(abs(got - reference) <= 2 * ulp, "silu(\(x)) = \(got), float64 formula \(reference)")
            x += 0.0137
        }
        #expect(Elementwise.silu(0) == 0)
        #expect(Elementwise.silu(.infinity) == .infinity)
        #expect(Elementwise.silu(-100) == 0 && Elementwise.silu(-100).sign == .minus)
        #expect(Elementwise.silu(-.infinity).isNaN)  // −inf · sigmoid(−inf) = −inf · 0, as in PyTorch
        #expect(Elementwise.silu(.nan).isNaN)
    }

    /// The SwiGLU row kernel gives `Elementwise.silu(gate) * up` bit for bit at every level, for every
    /// length (vector body and scalar tail) and for the edge values of the exponential.
    @Test func siluRowKernelGivesTheScalarBitsAtEveryLevel() {
        var gate = MatMulTests.random(1_037, seed: 11).map { $0 * 40 }
        let up = MatMulTests.random(1_037, seed: 12).map { $0 * 3 }
        let edges: [Float] = [0, -0.0, .nan, .infinity, -.infinity, 87.33, -87.33, 88, -88, 88.5, -88.5, 100, -100,
                              .leastNonzeroMagnitude, -.leastNormalMagnitude, 1e-30, 15.9, -15.9]
        for (i, value) in edges.enumerated() { gate[3 * i] = value }
        let expected = zip(gate, up).map { Elementwise.silu($0) * $1 }
        for level in KernelLevel.available {
            for count in [1, 7, 8, 9, 1_037] {
                var out = [Float](repeating: 7, count: count)
                Activation.silu.gated(&out, Array(gate.prefix(count) + up.prefix(count)), rows: 1, hidden: count, level: level)
                #expect(out.map(\.bitPattern) == expected.prefix(count).map(\.bitPattern), "level \(level), \(count) values")
            }
        }
    }
}
