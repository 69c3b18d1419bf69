import Foundation
import Testing
@testable import Kernels
import Weights

/// Packing keeps every weight exactly (read back by unpacking), for every format, ragged row
/// counts (not a multiple of 16 or 32) and odd column counts.
@Suite struct PackedMatrixTests {
    @Test(arguments: [(1, 1), (17, 3), (16, 4), (33, 257), (100, 64), (5, 0)])
    func roundTripsEveryFormat(_ shape: (Int, Int)) {
        let (n, k) = shape
        for format in MatMulTests.formats {
            let w = MatMulTests.weights(n, k, format: format, seed: UInt64(n + k))
            #expect(w.packed.rows == n && w.packed.columns == k)
            #expect(w.packed.floats().map(\.bitPattern) == w.floats.map(\.bitPattern), "\(String(describing: format)) \(n)×\(k)")
            #expect(w.packed.byteCount % 64 == 0 && w.packed.byteCount >= n * k * (format == nil ? 4 : 2))
            if let format, let half = w.packed.unpackedHalfPrecision() {
                #expect(half.halfPrecision == format && half.rows == n && half.columns == k)
                #expect(half.floats().map(\.bitPattern) == w.floats.map(\.bitPattern))
            } else {
                #expect(format == nil && w.packed.unpackedHalfPrecision() == nil)
            }
        }
    }

    /// A stored matrix in several segments, with its rows reordered (fused Q|K|V, regrouped heads),
    /// packs the rows in the matrix's order.
    @Test func segmentsAndReorderingPackInOrder() {
        let (n, k) = (6, 3)
        let bits = (0..<(n * k)).map { UInt16(0x3F80 + $0) }  // bf16 1.0, 1.0078125, …
        bits.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            let matrix = StoredMatrix(format: .bfloat16, columns: k,
                                             segments: [.init(start: base, rows: 2), .init(start: base + 2 * k * 2, rows: 4)],
                                             owners: [])
            let reordered = matrix.reordered([4..<6, 1..<3, 0..<1, 3..<4])
            let rowOrder = [4, 5, 1, 2, 0, 3]
            let expected = rowOrder.flatMap { row in (0..<k).map { HalfPrecision.bfloat16.float(bits[row * k + $0]) } }
            #expect(reordered.floats() == expected)
            #expect(PackedMatrix(reordered).floats() == expected)
        }
    }

    /// Floats that are all bf16 values pack as bf16 (half the bytes, the same products); others stay float32.
    @Test func compactPacksBFloat16ValuesAsBFloat16() {
        let (n, k) = (40, 24)
        let exact = MatMulTests.random(n * k, seed: 5).map(BFloat16.rounded)
        let compact = PackedMatrix.compact(exact, rows: n, columns: k)
        #expect(compact.format == .bfloat16)
        #expect(compact.floats() == exact)
        let x = MatMulTests.random(3 * k, seed: 6)
        #expect(MatMulTests.product(x, rows: 3, compact).map(\.bitPattern)
                == MatMul.reference(x, rows: 3, weights: exact, outputs: n, inputs: k).map(\.bitPattern))
        var inexact = exact
        inexact[17] = 0.1
        #expect(PackedMatrix.compact(inexact, rows: n, columns: k).format == .float32)
    }

    /// Packing a memory-mapped matrix hands its pages back; the file's bytes read the same afterwards.
    @Test func packingFromAMappedFileReleasesPagesButKeepsTheBytes() throws {
        let (n, k) = (300, 70)
        let bits = (0..<(n * k)).map { UInt16(truncatingIfNeeded: 0x3C00 + ($0 * 7) % 0x2000) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("packed-\(getpid()).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        try bits.withUnsafeBytes { try Data($0).write(to: url) }
        let file = try MappedFile(path: url.path)
        guard let base = file.bytes.baseAddress else { Issue.record("empty mapping"); return }
        let matrix = StoredMatrix(format: .float16, columns: k, segments: [.init(start: base + 2 * k, rows: n - 1)], owners: [file])
        let packed = PackedMatrix(matrix)
        #expect(packed.floats() == bits[k...].map(HalfPrecision.float16.float))
        #expect(Array(file.bytes.bindMemory(to: UInt16.self)) == bits)
    }

    @Test func float16ConversionOfKnownValues() {
        let cases: [(UInt16, Float)] = [
            (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504), (0x0001, 0x1p-24), (0x03FF, 1023 * 0x1p-24),
            (0x0400, 0x1p-14), (0x3555, 0.333251953125), (0x8000, -0.0), (0x7C00, .infinity), (0xFC00, -.infinity),
        ]
        let bits = cases.map(\.0)
        let packed = bits.withUnsafeBytes { PackedMatrix(bits: $0.baseAddress, format: .float16, rows: 1, columns: bits.count) }
        for ((pattern, value), unpacked) in zip(cases, packed.floats()) {
            #expect(HalfPrecision.float16.float(pattern).bitPattern == value.bitPattern, "0x\(String(pattern, radix: 16))")
            #expect(unpacked.bitPattern == value.bitPattern)
        }
        // The kernels widen binary16 exactly too, subnormals included: x = 1 picks each weight.
        let finite = cases.filter { $0.1.isFinite }
        let finitePacked = finite.map(\.0).withUnsafeBytes { PackedMatrix(bits: $0.baseAddress, format: .float16, rows: 1, columns: finite.count) }
        for level in KernelLevel.available {
            for (column, (_, value)) in finite.enumerated() {
                var x = [Float](repeating: 0, count: finite.count)
                x[column] = 1
                let out = MatMulTests.product(x, rows: 1, finitePacked, level: level)
                #expect(out[0] == value, "\(level.name) column \(column)")
            }
        }
        #expect(HalfPrecision.float16.float(0x7E00).isNaN)
        #expect(HalfPrecision.bfloat16.float(0x3FC0) == 1.5)
    }
}
