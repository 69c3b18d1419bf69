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
}
