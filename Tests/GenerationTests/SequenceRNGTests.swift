import Generation
import Testing

@Suite struct SequenceRNGTests {
    /// Random123 tests/kat_vectors, the three "philox4x32 10" lines: counter[4], key[2] → output[4].
    @Test func philoxKnownAnswerVectors() {
        let zero = Philox4x32.block(counter: (0, 0, 0, 0), key: (0, 0))
        #expect([zero.0, zero.1, zero.2, zero.3] == [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8])
        let ones = Philox4x32.block(counter: (.max, .max, .max, .max), key: (.max, .max))
        #expect([ones.0, ones.1, ones.2, ones.3] == [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD])
        let pi = Philox4x32.block(counter: (0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344), key: (0xA409_3822, 0x299F_31D0))
        #expect([pi.0, pi.1, pi.2, pi.3] == [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1])
    }

    /// Values printed by scripts/fixtures/philox_reference.py (an independent pure-Python Philox).
    @Test(arguments: [
        (UInt64(0), 0, 0, 0.8805201978886142), (0, 1, 0, 0.36209111566940344), (0, 2, 0, 0.3194457679100915),
        (0, 3, 0, 0.41510705062825404), (0, 0, 1, 0.9396580854702459), (0, 1 << 40, 7, 0.16190513851023425),
        (1, 0, 0, 0.8946847163350924), (1, 1, 0, 0.8741119351871307), (1, 2, 0, 0.5565002330689228),
        (1, 3, 0, 0.036543809985189246), (1, 0, 1, 0.25980214542417135), (1, 1 << 40, 7, 0.294407657032445),
        (0xDEAD_BEEF_CAFE_F00D, 0, 0, 0.644864517745556), (0xDEAD_BEEF_CAFE_F00D, 3, 0, 0.15694855284291642),
    ])
    func pinnedUniforms(key: UInt64, step: Int, draw: Int, expected: Double) {
        #expect(SequenceRNG(key: key).uniform(step: step, draw: draw) == expected)
    }

    @Test func drawDependsOnlyOnKeyAndStep() {
        let rng = SequenceRNG(key: 42)
        let forward = (0..<100).map { rng.uniform(step: $0) }
        let backward = (0..<100).reversed().map { rng.uniform(step: $0) }.reversed()
        #expect(forward == Array(backward))
    }

    /// 100k draws of U[0,1): mean 1/2 and variance 1/12 within ~5 standard errors; every draw in [0, 1).
    @Test func uniformMoments() {
        let rng = SequenceRNG(key: 7)
        let n = 100_000
        var sum = 0.0
        var sumSquares = 0.0
        var inRange = true
        for step in 0..<n {
            let u = rng.uniform(step: step)
            inRange = inRange && u >= 0 && u < 1
            sum += u
            sumSquares += u * u
        }
        let mean = sum / Double(n)
        let variance = sumSquares / Double(n) - mean * mean
        #expect(inRange)
        #expect(abs(mean - 0.5) < 5 * (1.0 / 12).squareRoot() / Double(n).squareRoot())  // σ/√n ≈ 9.1e-4
        #expect(abs(variance - 1.0 / 12) < 5 * (1.0 / 180).squareRoot() / Double(n).squareRoot())  // sd of u² − …
    }

    /// Streams of neighbouring keys are uncorrelated: sample correlation of 100k paired draws ≈ 0.
    @Test func keysAreIndependent() {
        let a = SequenceRNG(key: 1000)
        let b = SequenceRNG(key: 1001)
        let n = 100_000
        var (sa, sb, sab, saa, sbb) = (0.0, 0.0, 0.0, 0.0, 0.0)
        var equal = 0
        for step in 0..<n {
            let x = a.uniform(step: step)
            let y = b.uniform(step: step)
            if x == y { equal += 1 }
            sa += x; sb += y; sab += x * y; saa += x * x; sbb += y * y
        }
        let nn = Double(n)
        let correlation = (sab / nn - sa / nn * sb / nn) / ((saa / nn - sa * sa / nn / nn) * (sbb / nn - sb * sb / nn / nn)).squareRoot()
        #expect(abs(correlation) < 5 / nn.squareRoot())  // 1/√n ≈ 3.2e-3
        #expect(equal == 0)
    }
}
