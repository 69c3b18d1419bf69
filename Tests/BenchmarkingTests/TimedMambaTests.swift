import Foundation
import NucleusTestSupport
import Testing
import Transformer
import Benchmarking

/// `nucleus bench` on a Mamba model: the timing wrapper hands out the model's own cache (with the
/// recurrent state) and counts that state as the cache's memory.
@Suite struct TimedMambaTests {
    @Test func timedMambaRunsAndCountsItsState() throws {
        let folder = TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny/mamba")
        let model = try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 1)
        let timed = TimedModel(model)
        let cache = timed.makeCache(slots: 2)
        cache.reset(slot: 0, capacity: 4)
        cache.reset(slot: 1, capacity: 4)
        let logits = try timed.forward([SequenceChunk(slot: 0, tokens: [1, 2, 3]), SequenceChunk(slot: 1, tokens: [4])], cache: cache)
        #expect(logits.values == (try model.forward([SequenceChunk(slot: 0, tokens: [1, 2, 3]), SequenceChunk(slot: 1, tokens: [4])],
                                                   cache: model.makeCache(slots: 2).resetting([4, 4]))).values)
        // Tiny Mamba: 3 layers × (64 channels × 3 convolution inputs + 64 × 8 SSM states) floats per slot.
        #expect(timed.peakCacheBytes == 2 * 3 * (64 * 3 + 64 * 8) * 4)
    }
}

private extension KVCache {
    func resetting(_ capacities: [Int]) -> KVCache {
        for (slot, capacity) in capacities.enumerated() { reset(slot: slot, capacity: capacity) }
        return self
    }
}
