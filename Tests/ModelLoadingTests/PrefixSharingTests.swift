import Foundation
import Generation
import NucleusCore
import NucleusTestSupport
import Testing
import Tokenizer
import Transformer
@testable import ModelLoading

/// A model that records every forward call (each chunk's slot, start position and token count)
/// and passes it on: the scheduling tests read what the generator asked the network to compute.
final class RecordingModel: CausalLanguageModel {
    struct Chunk: Equatable {
        var slot: Int
        var start: Int
        var tokens: [Int32]
    }

    let inner: any CausalLanguageModel
    /// One entry per forward call, with `finished()` at the time of the call.
    private(set) var calls: [(chunks: [Chunk], finishedBefore: Int)] = []
    var finished: () -> Int = { 0 }

    init(_ inner: any CausalLanguageModel) { self.inner = inner }

    var config: TransformerConfig { inner.config }
    var inputEmbeddings: EmbeddingTable { inner.inputEmbeddings }
    var parameterCount: Int { inner.parameterCount }
    func makeCache(slots: Int) -> KVCache { inner.makeCache(slots: slots) }

    func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        calls.append((chunks.map { Chunk(slot: $0.slot, start: cache.length(slot: $0.slot), tokens: $0.tokens) }, finished()))
        return try inner.forward(chunks, cache: cache)
    }

    var rows: Int { calls.reduce(0) { $0 + $1.chunks.reduce(0) { $0 + $1.tokens.count } } }

    /// Chunks that start a sequence in one of the first `slots` slots (the batch; shared prefixes
    /// live above): those that do not continue where the slot's previous chunk ended.
    func entries(slots: Int) -> [Chunk] {
        var end: [Int: Int] = [:]
        var entries: [Chunk] = []
        for chunk in calls.flatMap(\.chunks) where chunk.slot < slots {
            if end[chunk.slot] != chunk.start { entries.append(chunk) }
            end[chunk.slot] = chunk.start + chunk.tokens.count
        }
        return entries
    }
}

/// Shared prompt prefixes (DESIGN §3, issue 11 item 3) on the real SmolLM2 GGUF: a few-shot block
/// shared by every prompt and repeated prompts (samples) are computed once, and each sequence's
/// tokens and statistics are those it gets when every prompt is computed whole.
@Suite(.serialized)
struct PrefixSharingTests {
    /// How far a statistic may move when a sequence's prefix is computed in another forward call:
    /// not at all. Every GEMM output is one fma chain over its own row (README "Determinism") and
    /// attention is per token, so a row's bits do not depend on what else is in the forward call.
    static let batchCompositionTolerance = 0.0

    nonisolated(unsafe) static let loaded: Result<LoadedModel, Error> = Result {
        try LoadedModel(path: TestPaths.requireSmolLM2(), threads: 2)
    }

    static let fewShot = """
        Question: Tom has 3 apples and buys 4 more. How many apples does he have?
        Answer: 3 + 4 = 7. #### 7

        Question: A box holds 12 eggs. How many eggs are in 2 boxes?
        Answer: 2 * 12 = 24. #### 24


        """
    static let questions = [
        "Question: Sara reads 5 pages of her book every day after school. How many pages does she read in a week?",
        "Question: A train travels 60 miles in an hour. How far does it go in 3 hours?",
        "Question: There are 9 birds and 4 fly away. How many are left?",
    ]

    /// Five requests: questions 0, 1, 0, 2, 0 after the few-shot block (question 0 three times, as
    /// samples are), each with its own stream.
    func requests(_ tokenizer: Tokenizer) -> [GenerationRequest] {
        [0, 1, 0, 2, 0].enumerated().map { index, question in
            GenerationRequest(promptIDs: tokenizer.encode(Self.fewShot + Self.questions[question]), rng: SequenceRNG(key: UInt64(100 + index)))
        }
    }

    func run(_ sampling: SamplingSettings, sharing: Int?) throws -> (sequences: [GeneratedSequence], model: RecordingModel) {
        let loaded = try Self.loaded.get()
        let model = RecordingModel(loaded.model)
        let generator = try Generator(model: model, tokenizer: loaded.tokenizer, threads: 2)
        let options = GenerationOptions(sampling: sampling, stop: try StopRule(eosTokenIds: loaded.endOfSequenceIDs, maxNewTokens: 8),
                                        batchSize: 2, nucleusTopP: 0.9, topK: 20, sharedPrefixMinimum: sharing)
        return (try generator.generate(requests(loaded.tokenizer), options: options), model)
    }

    func expectSame(_ shared: [GeneratedSequence], _ whole: [GeneratedSequence]) {
        let tolerance = Self.batchCompositionTolerance
        #expect(shared.count == whole.count)
        for (index, (a, b)) in zip(shared, whole).enumerated() {
            #expect(a.ids == b.ids, "request \(index)")
            #expect(a.text == b.text && a.finishReason == b.finishReason, "request \(index)")
            for (step, (x, y)) in zip(a.statistics, b.statistics).enumerated() {
                let pairs = [(x.logprob, y.logprob), (x.entropy, y.entropy), (x.varentropy, y.varentropy),
                             (x.nucleusMass, y.nucleusMass), (x.nucleusEntropy, y.nucleusEntropy)]
                    + zip(x.topkLogprobs, y.topkLogprobs).map { ($0, $1) }
                let worst = pairs.map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= tolerance, "request \(index) step \(step): max |Δ| \(worst)")
                #expect(x.tokenId == y.tokenId && x.rank == y.rank && x.nucleusSize == y.nucleusSize && x.topkIds == y.topkIds,
                        "request \(index) step \(step)")
                if x.nucleusSize > 1 {
                    #expect(abs(x.nucleusCosine - y.nucleusCosine) <= tolerance && abs(x.nucleusCosineWeighted - y.nucleusCosineWeighted) <= tolerance,
                            "request \(index) step \(step)")
                }
            }
        }
    }

    @Test(arguments: [SamplingSettings.greedy, SamplingSettings(temperature: 1)])
    func sharedPrefixesGiveTheTokensOfWholePrompts(sampling: SamplingSettings) throws {
        let (shared, sharedModel) = try run(sampling, sharing: 16)
        let (whole, wholeModel) = try run(sampling, sharing: nil)
        expectSame(shared, whole)
        #expect(shared.allSatisfy { $0.finishReason != .error && !$0.ids.isEmpty })

        // Without sharing every prompt is computed whole, in request order.
        let prompts = requests(try Self.loaded.get().tokenizer).map(\.promptIDs)
        #expect(wholeModel.entries(slots: 2).map(\.tokens) == prompts)

        // With sharing, every request enters with at least the prefix all prompts share already in
        // its slot, and the three of question 0 with all but their last token.
        func sharedLength(_ a: [Int32], _ b: [Int32]) -> Int { zip(a, b).prefix { $0 == $1 }.count }
        let common = sharedLength(prompts[0], prompts[1])
        #expect(common > 40)
        #expect(common == sharedLength(prompts[0], prompts[3]))
        let entries = sharedModel.entries(slots: 2)
        #expect(entries.count == 5)
        #expect(entries.allSatisfy { $0.start >= common })
        #expect(entries.filter { $0.tokens == [prompts[0].last ?? -1] && $0.start == prompts[0].count - 1 }.count == 3)
        // Rows saved: four copies of the common prefix at least (the question-0 node saves more).
        #expect(wholeModel.rows - sharedModel.rows >= 4 * common, "rows: \(sharedModel.rows) shared, \(wholeModel.rows) whole")
    }
}
