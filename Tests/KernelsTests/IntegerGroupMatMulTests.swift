import Foundation
import Testing
@testable import Kernels
import Weights

/// GGUF integer-group weights (Q4_0, Q4_1, Q8_0, Q4_K, Q5_K) kept compact in the packed panels and
/// widened inside the GEMM: the products equal the naive twin on the dequantised floats bit for bit,
/// at every instruction-set level, for ragged row counts and any thread count or batch.
@Suite struct IntegerGroupMatMulTests {
    static let types: [GGMLType] = [.q4_0, .q4_1, .q8_0, .q4_K, .q5_K, .q6_K]

    /// Random blocks of `type` for an [n × k] matrix: random payload bytes, with every f16 scale
    /// field a finite value of either sign (so the dequantised weights are realistic and finite).
    static func blocks(_ type: GGMLType, rows n: Int, columns k: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 17
        }
        let blockCount = n * k / type.blockSize
        var bytes = (0..<(blockCount * type.blockBytes)).map { _ in UInt8(truncatingIfNeeded: next()) }
        let halfFields: [Int]
        switch type {
        case .q4_0, .q8_0: halfFields = [0]
        case .q4_1, .q4_K, .q5_K: halfFields = [0, 2]
        case .q6_K: halfFields = [208]
        case .f32, .f16, .bf16: halfFields = []
        }
        for block in 0..<blockCount {
            for field in halfFields {
                let value = Float(Int(next() % 2001) - 1000) / 1000 * 0.02
                let bits = Float16Bits.encode(value)
                bytes[block * type.blockBytes + field] = UInt8(truncatingIfNeeded: bits)
                bytes[block * type.blockBytes + field + 1] = UInt8(truncatingIfNeeded: bits >> 8)
            }
        }
        return bytes
    }

    /// The packed matrix of random `type` blocks and the floats `Dequantize` gives for them.
    static func weights(_ type: GGMLType, _ n: Int, _ k: Int, seed: UInt64) throws -> (packed: PackedMatrix, floats: [Float]) {
        let bytes = blocks(type, rows: n, columns: k, seed: seed)
        return try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { throw CocoaError(.fileReadUnknown) }
            let stored = StoredMatrix(type: type, columns: k, segments: [.init(start: base, rows: n)], owners: [])
            let floats = try Dequantize.toFloat32(raw, type: type, count: n * k)
            return (PackedMatrix(stored, releasingMappedPages: false), floats)
        }
    }

    @Test(arguments: types)
    func packingKeepsTheDequantisedValuesInLittleMemory(_ type: GGMLType) throws {
        for (n, k) in [(1, 256), (17, 512), (40, 768)] {
            let w = try Self.weights(type, n, k, seed: UInt64(n + k))
            #expect(w.packed.rows == n && w.packed.columns == k)
            #expect(w.packed.format == (type == .q6_K ? .integers8Group16 : IntegerGroups.bits(of: type) == 4 ? .integers4 : .integers8))
            // Q4_0's (q − 8)·d is −0 where the fused form gives +0: equal as numbers.
            #expect(w.packed.floats() == w.floats, "\(type.name) \(n)×\(k)")
            #expect(w.packed.unpackedHalfPrecision() == nil)
            // 16 columns of one group: 1 or ½ byte per weight plus 2 × 16 floats per group.
            let panels = (n + 31) / 32 * 2, inputs = IntegerGroups.groupSize(of: type)
            let perGroup = 16 * inputs * (IntegerGroups.bits(of: type) ?? 8) / 8 + 128
            #expect(w.packed.byteCount == max(64, panels * k / inputs * perGroup), "\(type.name) \(w.packed.byteCount) bytes")
            #expect(w.packed.byteCount < panels * 16 * k * 2, "smaller than 16-bit weights")
        }
    }

    @Test(arguments: types)
    func everyLevelEqualsTheNaiveTwinBitwise(_ type: GGMLType) throws {
        for (n, k) in [(1, 256), (17, 256), (33, 512), (50, 1280), (16, 2304), (90, 768)] {
            let w = try Self.weights(type, n, k, seed: UInt64(n * 1000 + k))
            for m in [1, 2, 5, 12, 13, 25, 40] {
                let x = MatMulTests.random(m * k, seed: UInt64(m))
                let expected = MatMul.reference(x, rows: m, weights: w.floats, outputs: n, inputs: k)
                for level in KernelLevel.available {
                    let actual = MatMulTests.product(x, rows: m, w.packed, threads: 1, level: level)
                    let differing = zip(actual, expected).filter { $0.bitPattern != $1.bitPattern }.count
                    #expect(differing == 0, "\(type.name) \(level.name) m \(m) n \(n) k \(k): \(differing) outputs differ")
                }
            }
        }
    }

    /// Thread count and the rest of the batch change no output bit (DESIGN §3).
    @Test(arguments: types)
    func resultsDoNotDependOnThreadsOrBatch(_ type: GGMLType) throws {
        let (n, k, m) = (200, 768, 21)
        let w = try Self.weights(type, n, k, seed: 3)
        let x = MatMulTests.random(m * k, seed: 4)
        let one = MatMulTests.product(x, rows: m, w.packed, threads: 1)
        for threads in [2, 3, 5] {
            let many = MatMulTests.product(x, rows: m, w.packed, threads: threads)
            #expect(one.map(\.bitPattern) == many.map(\.bitPattern), "\(type.name) threads \(threads)")
        }
        for level in KernelLevel.available {
            for row in [0, 7, 20] {
                let alone = MatMulTests.product(Array(x[(row * k)..<((row + 1) * k)]), rows: 1, w.packed, level: level)
                #expect(alone.map(\.bitPattern) == one[(row * n)..<((row + 1) * n)].map(\.bitPattern), "\(type.name) row \(row) \(level.name)")
            }
        }
    }

    /// Fused and regrouped rows (several segments, reordered) pack in the matrix's order.
    @Test func segmentsAndReorderingPackInOrder() throws {
        let (n, k, type) = (40, 256, GGMLType.q4_K)
        let bytes = Self.blocks(type, rows: n, columns: k, seed: 11)
        let rowBytes = k / type.blockSize * type.blockBytes
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            let floats = try Dequantize.toFloat32(raw, type: type, count: n * k)
            let matrix = StoredMatrix(type: type, columns: k,
                                      segments: [.init(start: base, rows: 9), .init(start: base + 9 * rowBytes, rows: 31)], owners: [])
            let pieces = [20..<40, 3..<12, 0..<3, 12..<20]
            let expected = pieces.flatMap { piece in piece.flatMap { row in floats[(row * k)..<((row + 1) * k)] } }
            let reordered = matrix.reordered(pieces)
            #expect(reordered.floats() == expected)
            #expect(PackedMatrix(reordered, releasingMappedPages: false).floats() == expected)
        }
    }
}
