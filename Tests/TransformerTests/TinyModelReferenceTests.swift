import Foundation
import NucleusTestSupport
import Testing
import Transformer
import Weights

/// Every architecture against transformers on a tiny random-weight checkpoint
/// (Fixtures/tiny/<family>, made by scripts/fixtures/tiny_models.py with pinned versions):
/// logits at every position of a 24-token sequence within 1e-4 absolute.
@Suite struct TinyModelReferenceTests {
    struct Reference: Decodable {
        var ids: [Int32]
        var dtype: String
    }

    /// Every model_type the registry knows: a new architecture without a fixture fails here.
    static let families = ModelRegistry.supportedModelTypes
    static let tolerance: Float = 1e-4

    static func folder(_ family: String) -> URL {
        TestPaths.fixtures(besides: #filePath).appendingPathComponent("tiny/\(family)")
    }

    @Test(arguments: families)
    func allPositionLogitsMatchTransformers(_ family: String) throws {
        let folder = Self.folder(family)
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("ids.json")))
        let expected = try NumPyArray.read(from: folder.appendingPathComponent("logits.f32.npy"))
        let checkpoint = try HFCheckpoint(folder: folder.path)
        #expect(checkpoint.modelType == family)
        let model = try ModelRegistry.load(huggingFace: checkpoint, threads: 2)
        #expect(expected.shape == [reference.ids.count, model.config.vocabularySize])

        // The whole sequence in one chunk, then again split over three steps through the cache.
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: reference.ids.count)
        let whole = try model.forward([SequenceChunk(slot: 0, tokens: reference.ids, allLogits: true)], cache: cache).values
        let wholeDifference = zip(whole, expected.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(whole.count == expected.values.count)
        #expect(wholeDifference <= Self.tolerance, "\(family) (\(reference.dtype) weights): max |Δ| = \(wholeDifference)")

        cache.reset(slot: 0, capacity: reference.ids.count)
        var stepped: [Float] = []
        for range in [0..<7, 7..<8, 8..<reference.ids.count] {
            let chunk = SequenceChunk(slot: 0, tokens: Array(reference.ids[range]), allLogits: true)
            stepped += try model.forward([chunk], cache: cache).values
        }
        let steppedDifference = zip(stepped, expected.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(steppedDifference <= Self.tolerance, "\(family) through the cache: max |Δ| = \(steppedDifference)")
    }

    @Test func unknownModelTypeNamesTheSupportedOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-tiny-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.folder("mistral"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config.json")
        let text = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "\"mistral\"", with: "\"rwkv\"")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let error = #expect(throws: ModelError.self) {
            try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 1)
        }
        #expect(error?.file == config.path)
        #expect(error?.problem.hasPrefix("unknown model_type 'rwkv' (supported: ") == true)
    }
}
