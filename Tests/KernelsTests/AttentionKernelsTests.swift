import Testing
@testable import Kernels

/// The attention kernels against their naive twins (scalar fma chains per position and head),
/// bit for bit, at every level this CPU has: head sizes with and without a tail past a multiple of 8,
/// groups of 1 to 8 heads, position ranges shorter and longer than the 8-position blocks, strides
/// wider than a head (keys and values interleaved with other KV heads as in the cache).
@Suite struct AttentionKernelsTests {
    static let shapes: [(headSize: Int, group: Int)] = [(64, 3), (64, 1), (128, 4), (80, 2), (96, 8), (100, 5), (3, 2), (8, 7)]
    static let ranges: [Range<Int>] = [0..<1, 0..<8, 3..<20, 5..<5, 1..<41, 0..<64]

    @Test(arguments: [Float?.none, 30])
    func scoresEqualTheNaiveTwinBitwise(softCap: Float?) {
        for (headSize, group) in Self.shapes {
            let keyStride = headSize * 3 + 5, scoreStride = 70
            let queries = MatMulTests.random(group * headSize, seed: UInt64(headSize * 10 + group))
            let keys = MatMulTests.random(64 * keyStride, seed: UInt64(headSize + 7)).map { $0 * 4 }
            for positions in Self.ranges {
                var expected = [Float](repeating: .nan, count: group * scoreStride)
                var expectedMaxima = [Float](repeating: -.infinity, count: group)
                AttentionKernels.referenceScores(queries: queries, headSize: headSize, group: group, keys: keys,
                                                 keyStride: keyStride, positions: positions, scale: 0.125, softCap: softCap,
                                                 scores: &expected, scoreStride: scoreStride, maxima: &expectedMaxima)
                for level in KernelLevel.available {
                    var actual = [Float](repeating: .nan, count: group * scoreStride)
                    var maxima = [Float](repeating: -.infinity, count: group)
                    AttentionKernels.scores(queries: queries, headSize: headSize, group: group, keys: keys,
                                            keyStride: keyStride, positions: positions, scale: 0.125, softCap: softCap,
                                            scores: &actual, scoreStride: scoreStride, maxima: &maxima, level: level)
                    #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern),
                            "\(level.name) head \(headSize) group \(group) positions \(positions)")
                    #expect(maxima == expectedMaxima, "\(level.name) head \(headSize) group \(group) positions \(positions)")
                }
            }
        }
    }

    @Test func weightedValuesEqualTheNaiveTwinBitwise() {
        for (headSize, group) in Self.shapes {
            let valueStride = headSize * 2 + 3, weightStride = 67
            let weights = MatMulTests.random(group * weightStride, seed: UInt64(group)).map { abs($0) }
            let inverses = (0..<group).map { 1 / Float($0 + 3) }
            let values = MatMulTests.random(64 * valueStride, seed: UInt64(headSize))
            for positions in Self.ranges {
                var expected = [Float](repeating: .nan, count: group * headSize)
                AttentionKernels.referenceWeightedValues(weights: weights, weightStride: weightStride, inverses: inverses,
                                                         group: group, values: values, valueStride: valueStride,
                                                         headSize: headSize, positions: positions, output: &expected)
                for level in KernelLevel.available {
                    var actual = [Float](repeating: .nan, count: group * headSize)
                    AttentionKernels.weightedValues(weights: weights, weightStride: weightStride, inverses: inverses,
                                                    group: group, values: values, valueStride: valueStride,
                                                    headSize: headSize, positions: positions, output: &actual, level: level)
                    #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern),
                            "\(level.name) head \(headSize) group \(group) positions \(positions)")
                }
            }
        }
    }

    /// The C softmax numerators give the Swift function's bits at every level: rows with and without
    /// a ragged last block, clamp edges, infinities and NaN, and the same sum.
    @Test func softmaxNumeratorsEqualTheSwiftFunctionBitwise() {
        var source = MatMulTests.random(1_000, seed: 21).map { $0 * 40 }
        source += [-.infinity, .nan, .infinity, 0, -87.3, -87.4, 88, 88.1, -0.0, 1e-40, -200, 200, 3.5, -.infinity]
        for count in Array(0...41) + [500, source.count] {
            for maximum: Float in [0, 12.5, -3, .infinity] {
                var expected = Array(source.prefix(count))
                let expectedSum = expected.withUnsafeMutableBufferPointer {
                    FloatExponential.softmaxNumerators($0.baseAddress!, count: count, maximum: maximum)
                }
                for level in KernelLevel.available {
                    var actual = Array(source.prefix(count))
                    let sum = actual.withUnsafeMutableBufferPointer {
                        AttentionKernels.softmaxNumerators($0.baseAddress!, count: count, maximum: maximum, level: level)
                    }
                    #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "\(level.name) count \(count) max \(maximum)")
                    #expect(sum.bitPattern == expectedSum.bitPattern, "\(level.name) count \(count) max \(maximum)")
                }
            }
        }
    }

    /// The kernels' order is the naive twins' order, so a NaN score never becomes a maximum and an
    /// infinite key gives the same infinities and NaNs as the twin.
    @Test func nonFiniteInputsMatchTheTwin() {
        let headSize = 16, group = 2, stride = 16
        var keys = MatMulTests.random(12 * stride, seed: 9)
        keys[3 * stride + 1] = .nan
        keys[5 * stride + 2] = .infinity
        let queries = MatMulTests.random(group * headSize, seed: 4)
        var expected = [Float](repeating: 0, count: group * 12), expectedMaxima = [Float](repeating: -.infinity, count: group)
        AttentionKernels.referenceScores(queries: queries, headSize: headSize, group: group, keys: keys, keyStride: stride,
                                         positions: 0..<12, scale: 1, softCap: nil, scores: &expected, scoreStride: 12,
                                         maxima: &expectedMaxima)
        for level in KernelLevel.available {
            var actual = [Float](repeating: 0, count: group * 12), maxima = [Float](repeating: -.infinity, count: group)
            AttentionKernels.scores(queries: queries, headSize: headSize, group: group, keys: keys, keyStride: stride,
                                    positions: 0..<12, scale: 1, softCap: nil, scores: &actual, scoreStride: 12,
                                    maxima: &maxima, level: level)
            #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "\(level.name)")
            #expect(maxima.map(\.bitPattern) == expectedMaxima.map(\.bitPattern), "\(level.name)")
            #expect(actual[3].isNaN, "\(level.name): the NaN key gives a NaN score")
        }
    }
}
