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
            #expect(matrix.format == format)
            #expect(matrix.floats().map(\.bitPattern) == values.map(\.bitPattern))
            #expect(kept.byteCount * 2 == floats.byteCount)
        }
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
