import Foundation
import NucleusTestSupport
import Testing
import Transformer
import Weights

/// Logits of the SmolLM2 GGUF against Hugging Face transformers (float32, same dequantised weights):
/// Tests/Fixtures/smollm2-135m (its README says how they were made).
@Suite(.serialized)
struct ReferenceLogitsTests {
    struct Reference: Decodable {
        var ids: [Int32]
        var greedy_ids: [Int32]
    }

    // Loaded once: the suite is serialized, so the model (which owns scratch buffers) is never shared.
    nonisolated(unsafe) static let model: Result<any CausalLanguageModel, Error> = Result {
        try ModelRegistry.load(gguf: GGUFFile(path: TestPaths.requireSmolLM2()), threads: 2)
    }

    static func reference(_ name: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: TestPaths.referenceFile("\(name).json")))
    }

    @Test(arguments: ["france", "natalia", "once", "fibonacci"])
    func lastPositionLogitsMatchTransformers(_ name: String) throws {
        let model = try Self.model.get()
        let reference = try Self.reference(name)
        let expected = try NumPyArray.read(from: TestPaths.referenceFile("\(name).last_logits.f32.npy")).values
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: reference.ids.count)
        let logits = Array(try model.forward([SequenceChunk(slot: 0, tokens: reference.ids)], cache: cache).lastRow(ofChunk: 0))
        let maxDifference = zip(logits, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(maxDifference <= 2e-3, "max |Δ| = \(maxDifference)")
        #expect(logits.indices.max { logits[$0] < logits[$1] } == expected.indices.max { expected[$0] < expected[$1] })
    }
}
