import Foundation
import NucleusTestSupport
import Testing
@testable import Weights

@Suite struct IntegerGroupsTests {
    /// The fused form fma(q, scale, offset) gives, bit for bit, what the `gguf` Python package's
    /// `dequantize` computes with ggml's formulas (q·d + m, d·sc·q − dmin·m, (d·sc)·q in float32), and the
    /// integers fit the kept width (4 bits: 0…15; 8 bits: −128…127).
    @Test(arguments: [("q4_0", GGMLType.q4_0), ("q4_1", .q4_1), ("q8_0", .q8_0), ("q4_k", .q4_K), ("q5_k", .q5_K), ("q6_k", .q6_K)])
    func fusedFormIsBitwiseGGMLsDequantisation(_ name: String, _ type: GGMLType) throws {
        let fixtures = TestPaths.fixtures(besides: #filePath)
        let file = try GGUFFile(path: fixtures.appendingPathComponent("quant-types.gguf").path)
        let expected = try NumPyArray.read(from: fixtures.appendingPathComponent("t_\(name).npy")).values
        let stored = try file.stored("t_\(name)")
        #expect(stored.type == type)
        let size = IntegerGroups.groupSize(of: type), count = expected.count, groups = count / size
        var integers = [Int8](repeating: 0, count: count), constants = [Float](repeating: 0, count: 2 * groups)
        integers.withUnsafeMutableBufferPointer { q in
            constants.withUnsafeMutableBufferPointer { c in
                IntegerGroups.decode(stored.bytes, type: type, count: count, integers: q.baseAddress!, scales: c.baseAddress!,
                                     offsets: c.baseAddress! + groups)
            }
        }
        let range: ClosedRange<Int8> = IntegerGroups.bits(of: type) == 4 ? 0...15 : -128...127
        #expect(integers.allSatisfy(range.contains))
        let fused = (0..<count).map { i in constants[groups + i / size].addingProduct(Float(integers[i]), constants[i / size]) }
        // Q4_0 alone may differ in the sign of a zero ((8 − 8)·d is −0 for d < 0).
        let mismatches = zip(fused, expected).filter { type == .q4_0 ? $0 != $1 : $0.bitPattern != $1.bitPattern }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(count) differ, e.g. \(mismatches.prefix(3))")
        #expect(try file.floats("t_\(name)").map(\.bitPattern) == (type == .q4_0 ? expected : fused).map(\.bitPattern))
    }

    @Test func typesWithoutTheFormHaveNoWidth() {
        for type in [GGMLType.f32, .f16, .bf16] { #expect(IntegerGroups.bits(of: type) == nil) }
    }
}
