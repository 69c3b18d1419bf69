import Foundation
import Kernels
import NucleusTestSupport
import Testing
@testable import Transformer
import Weights

/// `weights: stored` packs F16/BF16 matrices as 16-bit panels widened in registers; widening is
/// exact and each output is the same fma chain, so logits are bitwise those of `float32`.
@Suite struct WeightPrecisionTests {
    static func logits(_ family: String, _ precision: WeightPrecision) throws -> (model: any CausalLanguageModel, stepped: [Float], whole: [Float]) {
        let folder = TinyModelReferenceTests.folder(family)
        let ids = try JSONDecoder().decode(TinyModelReferenceTests.Reference.self,
                                           from: Data(contentsOf: folder.appendingPathComponent("ids.json"))).ids
        let model = try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 2, weights: precision)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: ids.count)
        let whole = try model.forward([SequenceChunk(slot: 0, tokens: ids, allLogits: true)], cache: cache).values
        cache.reset(slot: 0, capacity: ids.count)
        var stepped: [Float] = []
        for range in [0..<5, 5..<6, 6..<ids.count] {
            stepped += try model.forward([SequenceChunk(slot: 0, tokens: Array(ids[range]), allLogits: true)], cache: cache).values
        }
        return (model, stepped, whole)
    }

    /// The layer matrices of a loaded model, in load order.
    static func matrices(_ model: any CausalLanguageModel) -> [WeightMatrix] {
        if let llama = model as? LlamaModel {
            return llama.weights.layers.flatMap { [$0.qkv.weight, $0.attentionOutput.weight, $0.gateUp.weight, $0.down.weight] }
        }
        if let neox = model as? GPTNeoXModel {
            return neox.weights.layers.flatMap { [$0.qkv.weight, $0.attentionOutput.weight, $0.up.weight, $0.down.weight] }
        }
        return []
    }

    @Test(arguments: [("qwen2", HalfPrecision.bfloat16), ("gpt_neox", .float16)])
    func storedHalfWeightsGiveBitwiseTheFloat32Logits(_ family: String, _ format: HalfPrecision) throws {
        let stored = try Self.logits(family, .stored)
        let converted = try Self.logits(family, .float32)
        #expect(stored.whole.count == converted.whole.count && !stored.whole.isEmpty)
        #expect(stored.whole.map(\.bitPattern) == converted.whole.map(\.bitPattern))
        #expect(stored.stepped.map(\.bitPattern) == converted.stepped.map(\.bitPattern))
        #expect(stored.model.parameterCount == converted.model.parameterCount)

        let storedMatrices = Self.matrices(stored.model), convertedMatrices = Self.matrices(converted.model)
        #expect(storedMatrices.count == 4 * stored.model.config.layers)
        for (kept, floats) in zip(storedMatrices, convertedMatrices) {
            guard case .stored(let matrix) = kept, case .float32(let values) = floats else {
                Issue.record("\(family): expected a stored matrix under .stored and float32 under .float32")
                continue
            }
            #expect(matrix.halfPrecision == format)
            #expect(matrix.floats().map(\.bitPattern) == values.map(\.bitPattern))
            #expect(kept.byteCount * 2 == floats.byteCount)
        }
    }

    /// SmolLM2's Q4_1 matrices stay 4-bit integer groups under `stored` and give bitwise the logits
    /// of dequantising them to float32 at load, in a quarter of the memory or less.
    @Test
    func storedIntegerGroupsGiveBitwiseTheFloat32Logits() throws {
        let file = try GGUFFile(path: TestPaths.requireSmolLM2())
        let ids: [Int32] = [1, 504, 3458, 2415, 8690, 314, 253, 5145, 28, 1041, 6, 7, 38, 36, 2]
        var logits: [WeightPrecision: [Float]] = [:], bytes: [WeightPrecision: Int] = [:]
        for precision in [WeightPrecision.stored, .float32] {
            let model = try ModelRegistry.load(gguf: file, threads: 2, weights: precision)
            let cache = model.makeCache(slots: 2)
            cache.reset(slot: 0, capacity: ids.count)
            cache.reset(slot: 1, capacity: 4)
            let chunks = [SequenceChunk(slot: 0, tokens: ids, allLogits: true), SequenceChunk(slot: 1, tokens: [1, 9, 10, 11], allLogits: true)]
            logits[precision] = try model.forward(chunks, cache: cache).values
            guard let llama = model as? LlamaModel else { Issue.record("SmolLM2 loaded as \(type(of: model))"); return }
            let packed = llama.weights.layers.flatMap { [$0.qkv.packed, $0.attentionOutput.packed, $0.gateUp.packed, $0.down.packed] }
            #expect(packed.count == 4 * model.config.layers)
            bytes[precision] = packed.reduce(0) { $0 + $1.byteCount }
            for matrix in packed {
                #expect(matrix.format == (precision == .stored ? .integers4 : .float32))
            }
        }
        let stored = try #require(logits[.stored]), converted = try #require(logits[.float32])
        #expect(stored.count == (ids.count + 4) * 49152)
        let differing = zip(stored, converted).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(differing) logits differ")
        #expect(try #require(bytes[.stored]) * 4 <= (try #require(bytes[.float32])))
    }

    @Test func float32CheckpointsStayFloat32WhenStored() throws {
        let folder = TinyModelReferenceTests.folder("llama")
        let model = try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 1, weights: .stored)
        let dtype = try JSONDecoder().decode(TinyModelReferenceTests.Reference.self,
                                             from: Data(contentsOf: folder.appendingPathComponent("ids.json"))).dtype
        let matrices = Self.matrices(model)
        #expect(!matrices.isEmpty)
        for matrix in matrices {
            if case .stored = matrix { Issue.record("a \(dtype) checkpoint gave a stored half-precision matrix") }
        }
        #expect(dtype == "float32")
    }
}
