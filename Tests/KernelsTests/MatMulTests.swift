import Testing
@testable import Kernels

/// The packed-panel GEMM against its naive twin (one sequential fma chain per element from +0),
/// bit for bit, at every instruction-set level this CPU has, for float32, bf16 and f16 weights.
@Suite struct MatMulTests {
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
    }

    /// A random [n × k] weight matrix in `format` (nil: float32) and its float32 values.
    static func weights(_ n: Int, _ k: Int, format: HalfPrecision?, seed: UInt64) -> (packed: PackedMatrix, floats: [Float]) {
        let values = random(n * k, seed: seed)
        guard let format else { return (PackedMatrix(values, rows: n, columns: k), values) }
        let bits = values.map { value -> UInt16 in
            switch format {
            case .bfloat16: return UInt16(truncatingIfNeeded: value.bitPattern >> 16)
            case .float16: return Float16Bits.encode(value)
            }
        }
        let packed = bits.withUnsafeBytes { raw in
            PackedMatrix(bits: raw.baseAddress, format: format, rows: n, columns: k)
        }
        return (packed, bits.map(format.float))
    }

    static func product(_ x: [Float], rows m: Int, _ w: PackedMatrix, threads: Int = 1, level: KernelLevel = .selected,
                        activations: ComputePrecision = .float32) -> [Float] {
        var out = [Float](repeating: .nan, count: m * w.rows)
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                if let xb = xp.baseAddress, let ob = op.baseAddress {
                    MatMul.multiply(xb, rows: m, weights: w, into: ob, threads: threads, activations: activations, level: level)
                }
            }
        }
        return out
    }

    static let formats: [HalfPrecision?] = [nil, .bfloat16, .float16]

    @Test(arguments: formats)
    func everyLevelEqualsTheNaiveTwinBitwise(_ format: HalfPrecision?) {
        var checked = 0
        for (n, k) in [(1, 1), (17, 3), (33, 256), (100, 257), (16, 1000), (47, 0), (31, 2), (50, 513), (90, 300)] {
            let w = Self.weights(n, k, format: format, seed: UInt64(n * 1000 + k))
            for m in [1, 2, 5, 12, 13, 25, 40] {
                let x = Self.random(m * k, seed: UInt64(m))
                let expected = MatMul.reference(x, rows: m, weights: w.floats, outputs: n, inputs: k)
                for level in KernelLevel.available {
                    let actual = Self.product(x, rows: m, w.packed, threads: 1, level: level)
                    #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern),
                            "\(format.map { "\($0)" } ?? "f32") \(level.name) m \(m) n \(n) k \(k)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 56)
    }

    /// The bits of every output must not depend on the thread count (ranks × threads vary between
    /// runs of one job, DESIGN §3).
    @Test(arguments: [(960, 576), (576, 1536), (49152, 64), (100, 7)])
    func resultsDoNotDependOnThreadCount(_ shape: (Int, Int)) {
        let (n, k) = shape
        for format in Self.formats {
            let w = Self.weights(n, k, format: format, seed: 3)
            for rows in [1, 5, 32] {
                let x = Self.random(rows * k, seed: 4)
                let one = Self.product(x, rows: rows, w.packed, threads: 1)
                for threads in [2, 3, 5] {
                    let many = Self.product(x, rows: rows, w.packed, threads: threads)
                    let differing = zip(one, many).filter { $0.bitPattern != $1.bitPattern }.count
                    #expect(differing == 0, "(\(n),\(k)) rows=\(rows) threads=\(threads): \(differing) outputs differ")
                }
            }
        }
    }

    /// A row's results do not depend on the other rows of its batch: row i of an M-row product is
    /// the 1-row product of row i, bit for bit (prefix sharing and slot refill rely on it).
    @Test func rowsDoNotDependOnTheirBatch() {
        let (n, k, m) = (576, 576, 21)
        for format in Self.formats {
            let w = Self.weights(n, k, format: format, seed: 3)
            let x = Self.random(m * k, seed: 4)
            let batched = Self.product(x, rows: m, w.packed, threads: 2)
            for level in KernelLevel.available {
                for row in [0, 7, 12, 20] {
                    let alone = Self.product(Array(x[(row * k)..<((row + 1) * k)]), rows: 1, w.packed, level: level)
                    #expect(alone.map(\.bitPattern) == batched[(row * n)..<((row + 1) * n)].map(\.bitPattern), "row \(row) \(level.name)")
                }
            }
        }
    }

    /// bf16 compute: activations rounded to bf16. Without `vdpbf16ps` it is the float32 chain on the
    /// rounded values (bitwise); with it (bf16 weights on AVX512-BF16) each k pair is summed inside
    /// the instruction, which stays within 2⁻¹⁶·Σ|x·w| of that reference (measured: 2⁻²³·⁵ at K = 1000).
    @Test(arguments: formats)
    func bfloat16ComputeFollowsTheReferenceSemantics(_ format: HalfPrecision?) {
        let (n, k, m) = (100, 1000, 13)
        let w = Self.weights(n, k, format: format, seed: 8)
        let x = Self.random(m * k, seed: 9).map { $0 * 3.7 }
        let rounded = x.map(BFloat16.rounded)
        let expected = MatMul.reference(rounded, rows: m, weights: w.floats, outputs: n, inputs: k)
        for level in KernelLevel.available {
            let actual = Self.product(x, rows: m, w.packed, threads: 2, level: level, activations: .bfloat16)
            let usesDot = format == .bfloat16 && level == .avx512 && KernelLevel.hasBFloat16Dot
            if !usesDot {
                #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "\(level.name)")
                continue
            }
            var worst: Float = 0
            for i in 0..<m {
                for j in 0..<n {
                    var magnitude: Float = 0
                    for p in 0..<k { magnitude += abs(rounded[i * k + p] * w.floats[j * k + p]) }
                    worst = max(worst, abs(actual[i * n + j] - expected[i * n + j]) / magnitude)
                }
            }
            #expect(worst <= 0x1p-16, "vdpbf16ps relative error \(worst)")
            // Still independent of the batch: row 5 alone gives the same bits.
            let alone = Self.product(Array(x[(5 * k)..<(6 * k)]), rows: 1, w.packed, level: level, activations: .bfloat16)
            #expect(alone.map(\.bitPattern) == actual[(5 * n)..<(6 * n)].map(\.bitPattern))
        }
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
