import Foundation
import Kernels
import Testing

/// The eight-lane float exponential against libm's expf (the reference transformers' torch.exp
/// agrees with to an ulp): within 2 ulp over its range, and its documented edges.
@Suite struct FloatExponentialTests {
    static func ulps(_ a: Float, _ b: Float) -> Int {
        abs(Int(Int32(bitPattern: a.bitPattern)) - Int(Int32(bitPattern: b.bitPattern)))
    }

    @Test func withinTwoUlpOfLibmOverTheRange() {
        var worst = 0
        var x: Float = -87.33
        while x <= 88 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.001_3 })
            let ours = FloatExponential.exp(lanes)
            for lane in 0..<8 where lanes[lane] <= 88 { worst = max(worst, Self.ulps(ours[lane], expf(lanes[lane]))) }
            x += 0.011
        }
        #expect(worst <= 2, "worst \(worst) ulp")
    }

    /// The scan's arguments: A·Δ ≤ 0, small and large.
    @Test func nonPositiveArguments() {
        var worst = 0
        for step in 0..<20_000 {
            // Δ·A over a fine grid near 0 (long memory) and a coarse one out to −30 (fast decay).
            let lanes = SIMD8<Float>((0..<8).map { lane in -Float(step * 8 + lane) * (step % 2 == 0 ? 1.9e-6 : 1.87e-4) })
            let ours = FloatExponential.exp(lanes)
            for lane in 0..<8 { worst = max(worst, Self.ulps(ours[lane], expf(lanes[lane]))) }
        }
        #expect(worst <= 2, "worst \(worst) ulp")
        #expect(FloatExponential.exp(SIMD8(repeating: 0)) == SIMD8(repeating: 1))
    }

    @Test func edges() {
        let ours = FloatExponential.exp(SIMD8<Float>(-100, -87.5, 89, 1000, .nan, -.infinity, .infinity, 1))
        #expect(ours[0] == 0 && ours[1] == 0 && ours[2] == .infinity && ours[3] == .infinity)
        #expect(ours[4].isNaN && ours[5] == 0 && ours[6] == .infinity)
        #expect(Self.ulps(ours[7], expf(1)) <= 1)
    }

    /// Softmax numerators: each entry the eight-lane exponential of (z − max), the sum in its fixed
    /// lane order, the visitor called in order; lengths around the 8-entry blocks.
    @Test(arguments: [0, 1, 7, 8, 9, 23, 64])
    func softmaxNumeratorsInPlace(count: Int) {
        let scores = (0..<count).map { Float(($0 * 37) % 11) - 3.5 }
        let maximum = scores.max() ?? 0
        var row = scores
        var visited: [(Float, Float)] = []
        let sum = row.withUnsafeMutableBufferPointer { buffer in
            FloatExponential.softmaxNumerators(buffer.baseAddress!, count: count, maximum: maximum) { visited.append(($0, $1)) }
        }
        var lanes = [Float](repeating: 0, count: 8)
        for (index, z) in scores.enumerated() {
            let weight = FloatExponential.exp(SIMD8(repeating: z - maximum))[0]
            #expect(row[index].bitPattern == weight.bitPattern, "entry \(index)")
            #expect(visited[index].0 == weight && visited[index].1 == z - maximum, "entry \(index)")
            lanes[index % 8] += weight
        }
        #expect(visited.count == count)
        #expect(sum.bitPattern == lanes.dropFirst().reduce(lanes[0], +).bitPattern)
        if count > 0 { #expect(abs(sum - scores.map { expf($0 - maximum) }.reduce(0, +)) <= 1e-5 * sum) }
    }
}
