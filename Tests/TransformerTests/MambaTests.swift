import Foundation
import NucleusTestSupport
import Testing
@testable import Transformer
import Weights

/// Mamba against transformers 5.23 (Fixtures/tiny/mamba and tiny_variants/mamba_tied_bf16, made by
/// scripts/fixtures/tiny_mamba.py): beyond the shared whole/three-chunk test of
/// TinyModelReferenceTests, one token at a time through the recurrent state, two different
/// sequences in one batch, the state copied whole between slots, and the refusals.
@Suite struct MambaTests {
    static let fixtures = TestPaths.fixtures(besides: #filePath)
    static let tolerance: Float = 1e-4

    struct IDs: Decodable { var ids: [Int32] }

    static func reference(_ folder: String, ids file: String = "ids.json", logits: String = "logits.f32.npy") throws -> (ids: [Int32], logits: [Float]) {
        let url = fixtures.appendingPathComponent(folder)
        let ids = try JSONDecoder().decode(IDs.self, from: Data(contentsOf: url.appendingPathComponent(file))).ids
        return (ids, try NumPyArray.read(from: url.appendingPathComponent(logits)).values)
    }

    static func load(_ folder: String = "tiny/mamba", threads: Int = 2) throws -> any CausalLanguageModel {
        try ModelRegistry.load(huggingFace: HFCheckpoint(folder: fixtures.appendingPathComponent(folder).path), threads: threads)
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
    }

    static func whole(_ model: any CausalLanguageModel, _ ids: [Int32]) throws -> [Float] {
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: ids.count)
        return try model.forward([SequenceChunk(slot: 0, tokens: ids, allLogits: true)], cache: cache).values
    }

    /// Tied head, bf16 weights, no biases, explicit time_step_rank, intermediate_size ≠ expand × hidden,
    /// state size 12 (the scan ends in a partial group of lanes).
    @Test func tiedBF16VariantMatchesTransformers() throws {
        let (ids, expected) = try Self.reference("tiny_variants/mamba_tied_bf16")
        let model = try Self.load("tiny_variants/mamba_tied_bf16")
        let mamba = try #require(model as? MambaModel)
        #expect(mamba.configuration.inner == 48 && mamba.configuration.timeStepRank == 3 && mamba.configuration.stateSize == 12)
        #expect(mamba.weights.output == nil)
        let difference = Self.maxDifference(try Self.whole(model, ids), expected)
        #expect(difference <= Self.tolerance, "max |Δ| = \(difference)")
    }

    /// A 5-token prefill, then every further token alone through the state (as decoding feeds
    /// them): transformers' logits at every position, and the whole-sequence logits bit for bit.
    @Test func prefillThenOneTokenAtATime() throws {
        let (ids, expected) = try Self.reference("tiny/mamba")
        let model = try Self.load()
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: ids.count)
        var stepped = try model.forward([SequenceChunk(slot: 0, tokens: Array(ids[0..<5]), allLogits: true)], cache: cache).values
        for token in ids[5...] {
            stepped += try model.forward([SequenceChunk(slot: 0, tokens: [token])], cache: cache).values
        }
        #expect(cache.length(slot: 0) == ids.count)
        let difference = Self.maxDifference(stepped, expected)
        #expect(difference <= Self.tolerance, "max |Δ| = \(difference)")
        #expect(stepped == (try Self.whole(model, ids)))
    }

    /// Two different sequences in one batch, ragged and at different stages: each gets its own
    /// reference logits, and the same bits as alone.
    @Test func batchOfTwoSequencesIsIndependent() throws {
        let (first, firstExpected) = try Self.reference("tiny/mamba")
        let (second, secondExpected) = try Self.reference("tiny/mamba", ids: "second.json", logits: "second_logits.f32.npy")
        let vocabulary = 128
        let model = try Self.load()
        let cache = model.makeCache(slots: 2)
        cache.reset(slot: 0, capacity: first.count)
        cache.reset(slot: 1, capacity: second.count)
        // Step 1: first[0..<10] and all of second's but its last token; step 2: first's rest with second's last token.
        let one = try model.forward([SequenceChunk(slot: 0, tokens: Array(first[0..<10]), allLogits: true),
                                     SequenceChunk(slot: 1, tokens: Array(second.dropLast()), allLogits: true)], cache: cache)
        let two = try model.forward([SequenceChunk(slot: 1, tokens: [second.last ?? 0], allLogits: true),
                                     SequenceChunk(slot: 0, tokens: Array(first[10...]), allLogits: true)], cache: cache)
        let firstRows = Array(one.values[0..<(10 * vocabulary)]) + Array(two.values[vocabulary...])
        let secondRows = Array(one.values[(10 * vocabulary)...]) + Array(two.values[0..<vocabulary])
        #expect(Self.maxDifference(firstRows, firstExpected) <= Self.tolerance)
        #expect(Self.maxDifference(secondRows, secondExpected) <= Self.tolerance)
        #expect(firstRows == (try Self.whole(model, first)))
        #expect(secondRows == (try Self.whole(model, second)))
    }

    /// Shared prefixes copy a slot's state whole: continuing after the copy gives the reference;
    /// a copy of fewer positions than the source holds would be wrong for a recurrent state and is refused.
    @Test func stateIsCopiedWholeOrNotAtAll() throws {
        let (ids, expected) = try Self.reference("tiny/mamba")
        let vocabulary = 128
        let model = try Self.load()
        let cache = model.makeCache(slots: 1)
        let prefixSlot = cache.addSlot(), target = 0
        cache.reset(slot: prefixSlot, capacity: 9)
        _ = try model.forward([SequenceChunk(slot: prefixSlot, tokens: Array(ids[0..<9]))], cache: cache)
        cache.reset(slot: target, capacity: ids.count)
        let error = #expect(throws: ModelError.self) { try cache.copyPrefix(from: prefixSlot, to: target, count: 8) }
        #expect(error?.problem == "cannot copy 8 of the 9 positions of slot 1: a recurrent state is copied whole")
        try cache.copyPrefix(from: prefixSlot, to: target, count: 9)
        cache.release(slot: prefixSlot)
        let rest = try model.forward([SequenceChunk(slot: target, tokens: Array(ids[9...]), allLogits: true)], cache: cache).values
        #expect(Self.maxDifference(rest, Array(expected[(9 * vocabulary)...])) <= Self.tolerance)
    }

    /// The cache of another model kind carries no Mamba state: refused, not read out of bounds.
    @Test func attentionCacheIsRefused() throws {
        let model = try Self.load()
        let cache = KVCache(layers: 3, kvHeads: 1, headSize: 8, slotCount: 1)
        cache.reset(slot: 0, capacity: 2)
        let error = #expect(throws: ModelError.self) { try model.forward([SequenceChunk(slot: 0, tokens: [1, 2])], cache: cache) }
        #expect(error?.problem.hasPrefix("the cache holds no Mamba state") == true)
    }

    @Test func bf16ComputeIsRefused() throws {
        let folder = Self.fixtures.appendingPathComponent("tiny/mamba")
        let error = #expect(throws: ModelError.self) {
            try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 1, compute: .bfloat16)
        }
        #expect(error?.file == folder.appendingPathComponent("config.json").path)
        #expect(error?.problem == "compute: bf16 is not supported for mamba models (use f32)")
    }

    /// bf16 matrices kept 16-bit (`weights: stored`) or widened at load (`float32`): the same bits.
    @Test func storedAndFloat32WeightsGiveTheSameLogits() throws {
        let (ids, _) = try Self.reference("tiny_variants/mamba_tied_bf16")
        let checkpoint = try HFCheckpoint(folder: Self.fixtures.appendingPathComponent("tiny_variants/mamba_tied_bf16").path)
        let stored = try ModelRegistry.load(huggingFace: checkpoint, threads: 2, weights: .stored)
        let widened = try ModelRegistry.load(huggingFace: checkpoint, threads: 2, weights: .float32)
        #expect(try Self.whole(stored, ids) == (try Self.whole(widened, ids)))
    }

    /// Results do not depend on the thread count (the determinism contract).
    @Test func independentOfThreads() throws {
        let (ids, _) = try Self.reference("tiny/mamba")
        #expect(try Self.whole(Self.load(threads: 1), ids) == (try Self.whole(Self.load(threads: 3), ids)))
    }

    @Test(arguments: ["tiny/mamba", "tiny_variants/mamba_tied_bf16"])
    func parameterCountIsTheStoredElements(_ folder: String) throws {
        let checkpoint = try HFCheckpoint(folder: Self.fixtures.appendingPathComponent(folder).path)
        let stored = checkpoint.tensors.tensorNames.reduce(0) { $0 + (checkpoint.tensors.shape(of: $1) ?? []).reduce(1, *) }
        #expect(try ModelRegistry.load(huggingFace: checkpoint, threads: 1).parameterCount == stored)
    }

    @Test func configurationDefaultsAndErrors() throws {
        // time_step_rank "auto" is ⌈hidden / 16⌉; without intermediate_size the inner width is expand × hidden.
        let automatic = try HFArchitectureTests.withEditedCopy(of: "mamba", {
            $0["time_step_rank"] = "auto"
            $0["intermediate_size"] = nil
            $0["expand"] = 3
        }) { folder in
            try HFCheckpoint(folder: folder.path).decodeConfiguration(MambaConfiguration.self)
        }
        #expect(automatic.timeStepRank == 2 && automatic.inner == 96 && automatic.contextLength == 2048)

        let missing = try HFArchitectureTests.withEditedCopy(of: "mamba", { $0["hidden_size"] = nil }) { folder in
            #expect(throws: ModelError.self) { try HFArchitectureTests.load(folder) }
        }
        #expect(missing?.problem == "missing key 'hidden_size'")

        let (shape, folder) = try HFArchitectureTests.withEditedCopy(of: "mamba", { $0["state_size"] = 4 }) { folder in
            (#expect(throws: WeightsError.self) { try HFArchitectureTests.load(folder) }, folder)
        }
        #expect(shape?.file == folder.path)
        #expect(shape?.problem == "tensor 'backbone.layers.0.mixer.A_log' has shape [64, 8], expected [64, 4]")
    }
}
