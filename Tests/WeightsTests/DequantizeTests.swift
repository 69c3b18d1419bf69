import Foundation
import NucleusTestSupport
import Testing
@testable import Weights

@Suite struct DequantizeTests {
    /// Each tensor of quant-types.gguf holds random blocks of one type; the expected values are what the
    /// `gguf` Python package's `dequantize` gives (scripts/fixtures/make_weights_fixtures.py).
    @Test(arguments: ["f16", "bf16", "q4_0", "q4_1", "q8_0", "q4_k", "q5_k", "q6_k"])
    func matchesGGUFPythonPackage(_ type: String) throws {
        let file = try GGUFFile(path: TestPaths.fixtures(besides: #filePath).appendingPathComponent("quant-types.gguf").path)
        let expected = try NumPyArray.read(from: TestPaths.fixtures(besides: #filePath).appendingPathComponent("t_\(type).npy"))
        let actual = try file.floats("t_\(type)")
        #expect(actual.count == expected.values.count)
        let mismatches = zip(actual, expected.values).filter { $0.bitPattern != $1.bitPattern && abs($0 - $1) > 1e-6 * max(1, abs($1)) }
        #expect(mismatches.isEmpty, "\(mismatches.count) values differ, e.g. \(mismatches.prefix(3))")
    }

    @Test func halfPrecisionEdgeCases() {
        #expect(Dequantize.halfToFloat(0x3C00) == 1)
        #expect(Dequantize.halfToFloat(0xC000) == -2)
        #expect(Dequantize.halfToFloat(0x0001) == Float(sign: .plus, exponent: -24, significand: 1))
        #expect(Dequantize.halfToFloat(0x7BFF) == 65504)
        #expect(Dequantize.halfToFloat(0x7C00) == .infinity)
        #expect(Dequantize.halfToFloat(0x7E00).isNaN)
        #expect(Dequantize.halfToFloat(0x8000).sign == .minus)
    }

    @Test func realModelTensorsMatchGGUFPythonPackage() throws {
        let file = try GGUFFile(path: TestPaths.requireSmolLM2())
        #expect(try file.string("general.architecture") == "llama")
        #expect(file.tensors.count == 272)
        let data = try Data(contentsOf: TestPaths.fixtures(besides: #filePath).appendingPathComponent("smollm2-tensors.json"))
        let expected = try JSONDecoder().decode([String: TensorSummary].self, from: data)
        for (name, summary) in expected {
            let values = try file.floats(name)
            #expect(values.count == summary.count)
            #expect(Array(values.prefix(8)) == summary.first.map(Float.init), "\(name)")
            #expect(Array(values.suffix(8)) == summary.last.map(Float.init), "\(name)")
            let sum = values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - summary.sum) <= 1e-6 * summary.abs_sum, "\(name)")
        }
    }

    struct TensorSummary: Decodable {
        var first: [Double], last: [Double], sum: Double, abs_sum: Double, count: Int
    }

    @Test func numPyRoundTrip() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        let array = NumPyArray(shape: [2, 3], values: [1, -2, 3.5, .infinity, 0, 1e-30])
        try array.write(to: url)
        #expect(try NumPyArray.read(from: url) == array)
    }
}
