import Foundation
import Testing
@testable import Kernels

@Suite struct RoPETests {
    /// Partial rotary with rotate_half pairing (GPT-NeoX, Phi): the first `rotaryDimensions` of
    /// each head are rotated as pairs (i, i + rotary/2); the rest pass through.
    @Test func partialHalvesRotatesOnlyTheLeadingDimensionsOfEachHead() {
        let rope = RoPE(pairing: .halves, rotaryDimensions: 4, theta: 10_000)
        // Inverse frequencies θ^(−2i/4): 1 and 1/100.
        #expect(rope.inverseFrequencies == [1, 0.01])
        let head: [Float] = [1, 2, 3, 4, 5, 6, 7, 8]
        var x = head + head.map { -$0 }
        rope.apply(&x, heads: 2, headSize: 8, position: 3)
        for (h, sign) in [(0, Float(1)), (1, Float(-1))] {
            let v = Array(x[(h * 8)..<(h * 8 + 8)])
            let (c0, s0) = (Float(cos(3.0)), Float(sin(3.0)))
            let (c1, s1) = (Float(cos(0.03)), Float(sin(0.03)))
            let expected: [Float] = [sign * (1 * c0 - 3 * s0), sign * (2 * c1 - 4 * s1),
                                     sign * (1 * s0 + 3 * c0), sign * (2 * s1 + 4 * c1),
                                     sign * 5, sign * 6, sign * 7, sign * 8]
            for (a, b) in zip(v, expected) { #expect(abs(a - b) <= 1e-6, "head \(h)") }
        }
    }
}
