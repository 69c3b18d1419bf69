import Testing
@testable import Kernels

/// A 16-bit weight matrix multiplies to bitwise the float32 product of its converted values,
/// whatever its segments and the thread count.
@Suite struct HalfPrecisionMatMulTests {
    /// Random 16-bit patterns of finite values in a moderate range, for either format.
    static func randomBits(_ count: Int, format: HalfPrecision, seed: UInt64) -> [UInt16] {
        MatMulTests.random(count, seed: seed).map { value in
            switch format {
            case .bfloat16: return UInt16(truncatingIfNeeded: value.bitPattern >> 16)
            case .float16: return Float16Bits.encode(value)
            }
        }
    }

    /// The product with a half-precision matrix split into `cuts` segments over `bits`.
    func product(_ x: [Float], rows m: Int, bits: [UInt16], format: HalfPrecision, cuts: [Int], n: Int, k: Int, threads: Int) -> [Float] {
        var out = [Float](repeating: .nan, count: m * n)
        bits.withUnsafeBytes { raw in
            let bounds = [0] + cuts + [n]
            let segments = zip(bounds, bounds.dropFirst()).map { lower, upper in
                HalfPrecisionMatrix.Segment(start: raw.baseAddress! + lower * k * 2, rows: upper - lower)
            }
            let matrix = HalfPrecisionMatrix(format: format, columns: k, segments: segments, owners: [])
            x.withUnsafeBufferPointer { xp in
                out.withUnsafeMutableBufferPointer { op in
                    MatMul.multiply(xp.baseAddress!, rows: m, weights: matrix, outputs: n, inputs: k, into: op.baseAddress!, threads: threads)
                }
            }
        }
        return out
    }

    @Test(arguments: [HalfPrecision.bfloat16, .float16])
    func bitwiseEqualToFloat32Path(_ format: HalfPrecision) {
        BLAS.useSingleThreadedCalls()
        let (m, n, k) = (5, 333, 65)
        let x = MatMulTests.random(m * k, seed: 3)
        let bits = Self.randomBits(n * k, format: format, seed: 4)
        let floats = bits.map(format.float)
        let expected = MatMulTests().product(x, rows: m, floats, n: n, k: k, threads: 1)
        for (cuts, threads) in [([], 1), ([1, 100, 257], 2), ([64], 3)] {
            let actual = product(x, rows: m, bits: bits, format: format, cuts: cuts, n: n, k: k, threads: threads)
            #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "cuts \(cuts), threads \(threads)")
        }
    }

    @Test func reorderedRowsConvertInTheNewOrder() {
        let (n, k) = (6, 3)
        let bits = (0..<(n * k)).map { UInt16(0x3F80 + $0) }  // bf16 1.0, 1.0078125, …
        bits.withUnsafeBytes { raw in
            let matrix = HalfPrecisionMatrix(format: .bfloat16, columns: k,
                                             segments: [.init(start: raw.baseAddress!, rows: 2), .init(start: raw.baseAddress! + 2 * k * 2, rows: 4)],
                                             owners: [])
            let reordered = matrix.reordered([4..<6, 1..<3, 0..<1, 3..<4])
            let rowOrder = [4, 5, 1, 2, 0, 3]
            #expect(reordered.rows == n)
            #expect(reordered.floats() == rowOrder.flatMap { row in (0..<k).map { HalfPrecision.bfloat16.float(bits[row * k + $0]) } })
        }
    }

    @Test func float16ConversionOfKnownValues() {
        let cases: [(UInt16, Float)] = [
            (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504), (0x0001, 0x1p-24), (0x03FF, 1023 * 0x1p-24),
            (0x0400, 0x1p-14), (0x3555, 0.333251953125), (0x8000, -0.0), (0x7C00, .infinity), (0xFC00, -.infinity),
        ]
        for (bits, value) in cases {
            #expect(HalfPrecision.float16.float(bits).bitPattern == value.bitPattern, "0x\(String(bits, radix: 16))")
        }
        #expect(HalfPrecision.float16.float(0x7E00).isNaN)
        #expect(HalfPrecision.bfloat16.float(0x3FC0) == 1.5)
    }
}

/// Truncating binary16 encoding of values inside its normal range (test data only).
enum Float16Bits {
    static func encode(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        guard exponent > 0 else { return sign }
        let mantissa = (bits & 0x7F_FFFF) >> 13
        return sign | UInt16(exponent << 10) | UInt16(mantissa)
    }
}
