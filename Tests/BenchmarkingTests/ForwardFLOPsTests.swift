import Benchmarking
import Foundation
import NucleusTestSupport
import Testing
import Transformer

/// The FLOP formula against counts done by hand, and the phase sorting of `TimedModel`.
@Suite struct ForwardFLOPsTests {
    /// Tests/TransformerTests/Fixtures/tiny/llama: hidden 32, MLP 64, 3 layers, 4 query heads and 2
    /// key/value heads of size 8, vocabulary 128, untied head.
    static let tinyLlama = ForwardFLOPs(layers: 3, width: 32, mlpWidth: 64, heads: 4, kvHeads: 2, headSize: 8,
                                        vocabularySize: 128, gatedMLP: true)

    @Test func matrixParametersByHand() {
        // Per layer: q 32·32 + k 32·16 + v 32·16 + o 32·32 = 3072; gate, up, down 3·32·64 = 6144.
        #expect(Self.tinyLlama.layerMatrixParameters == 3 * (3072 + 6144))
        #expect(Self.tinyLlama.headParameters == 128 * 32)
        // Ungated (GPT-NeoX, Phi): up and down only.
        var ungated = Self.tinyLlama
        ungated.gatedMLP = false
        #expect(ungated.layerMatrixParameters == 3 * (3072 + 2 * 32 * 64))
    }

    /// SmolLM2-135M (30 layers, 576 wide, MLP 1536, 9/3 heads of 64, vocabulary 49152, tied): the
    /// projections, the tied embedding matrix and the 61 RMSNorm vectors add up to the 134,515,008
    /// parameters Hugging Face reports for the checkpoint.
    @Test func smolLM2ParameterTotal() {
        let smol = ForwardFLOPs(layers: 30, width: 576, mlpWidth: 1536, heads: 9, kvHeads: 3, headSize: 64,
                                vocabularySize: 49152, gatedMLP: true)
        #expect(smol.layerMatrixParameters + smol.headParameters + 61 * 576 == 134_515_008)
    }

    @Test func stepByHand() {
        // 2 new tokens after 3 cached, one logits row: projections 2·2·27648 = 110592; head 2·4096 = 8192;
        // attention 4·3 layers·4 heads·8·(4 + 5 visible positions) = 3456.
        #expect(Self.tinyLlama.step(cached: 3, newTokens: 2, logitRows: 1) == 110_592 + 8_192 + 3_456)
        // Every row's logits (scoring): the head runs twice.
        #expect(Self.tinyLlama.step(cached: 3, newTokens: 2, logitRows: 2) == 110_592 + 2 * 8_192 + 3_456)
        // A decode token at position 0 sees one position.
        #expect(Self.tinyLlama.step(cached: 0, newTokens: 1, logitRows: 1) == 55_296 + 8_192 + 384)
    }

    @Test func configurationOfTheTinyLlama() throws {
        let checkpoint = try HFCheckpoint(folder: TinyHFFolder.tinyLlama.path)
        let model = try ModelRegistry.load(huggingFace: checkpoint, threads: 1)
        let flops = ForwardFLOPs(model.config)
        #expect(flops == Self.tinyLlama)
        // The loader's own count: projections + embeddings + untied head + 7 RMSNorm vectors of 32.
        #expect(model.parameterCount == flops.layerMatrixParameters + 2 * flops.headParameters + 7 * 32)
    }

    /// Prefill, decode and mixed steps through the tiny llama: tokens, FLOPs and the largest cache.
    @Test func timedModelSortsSteps() throws {
        let checkpoint = try HFCheckpoint(folder: TinyHFFolder.tinyLlama.path)
        let timed = TimedModel(try ModelRegistry.load(huggingFace: checkpoint, threads: 1))
        let cache = timed.makeCache(slots: 2)
        cache.reset(slot: 0, capacity: 8)
        cache.reset(slot: 1, capacity: 5)
        _ = try timed.forward([SequenceChunk(slot: 0, tokens: [1, 2, 3, 4, 5]), SequenceChunk(slot: 1, tokens: [6, 7, 8])], cache: cache)
        _ = try timed.forward([SequenceChunk(slot: 0, tokens: [9]), SequenceChunk(slot: 1, tokens: [10])], cache: cache)
        cache.reset(slot: 1, capacity: 3)
        _ = try timed.forward([SequenceChunk(slot: 0, tokens: [11]), SequenceChunk(slot: 1, tokens: [12, 13])], cache: cache)

        let f = Self.tinyLlama
        #expect(timed.prefill.steps == 1 && timed.prefill.tokens == 8)
        #expect(timed.prefill.flops == f.step(cached: 0, newTokens: 5, logitRows: 1) + f.step(cached: 0, newTokens: 3, logitRows: 1))
        #expect(timed.decode.steps == 1 && timed.decode.tokens == 2)
        #expect(timed.decode.flops == f.step(cached: 5, newTokens: 1, logitRows: 1) + f.step(cached: 3, newTokens: 1, logitRows: 1))
        #expect(timed.mixed.steps == 1 && timed.mixed.tokens == 3)
        #expect(timed.prefill.seconds > 0 && timed.decode.seconds > 0 && timed.mixed.seconds > 0)
        // Largest cache: capacities 8 + 5 positions × 3 layers × (keys + values) × kvDim 16 floats.
        #expect(timed.peakCacheBytes == 13 * 3 * 2 * 16 * 4)
        timed.resetTotals()
        #expect(timed.prefill == PhaseTotals() && timed.decode == PhaseTotals() && timed.mixed == PhaseTotals())
    }
}
