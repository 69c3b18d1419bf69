import Foundation
import Generation
import NucleusTestSupport
import Testing
import Tokenizer
import Transformer
@testable import ModelLoading

/// The tiny Mamba folder (Tests/TransformerTests/Fixtures/tiny/mamba: weights, tokenizer, greedy
/// tokens from transformers; scripts/fixtures/tiny_mamba.py) through the generator: its recurrent
/// state goes through batching, slot refills and shared prefixes like a KV cache does.
@Suite struct MambaGenerationTests {
    static let folder = TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny/mamba")

    struct Greedy: Decodable {
        var prompt: [Int32]
        var text: String
        var tokens: [Int32]
    }

    static func greedyReference() throws -> Greedy {
        try JSONDecoder().decode(Greedy.self, from: Data(contentsOf: folder.appendingPathComponent("greedy.json")))
    }

    static func generate(_ loaded: LoadedModel, _ prompts: [[Int32]], batchSize: Int, sharing: Int? = nil,
                         model: (any CausalLanguageModel)? = nil) throws -> [GeneratedSequence] {
        let generator = try Generator(model: model ?? loaded.model, tokenizer: loaded.tokenizer, threads: 2)
        // No end-of-sequence stop: every request runs its 16 tokens, as the reference did.
        let options = GenerationOptions(sampling: .greedy, stop: try StopRule(eosTokenIds: [], maxNewTokens: 16),
                                        batchSize: batchSize, nucleusTopP: 0.9, topK: 5, sharedPrefixMinimum: sharing)
        let requests = prompts.enumerated().map { GenerationRequest(promptIDs: $1, rng: SequenceRNG(key: UInt64($0))) }
        return try generator.generate(requests, options: options)
    }

    @Test func greedyTokensAreTransformers() throws {
        let reference = try Self.greedyReference()
        let loaded = try LoadedModel(path: Self.folder.path, threads: 2)
        #expect(loaded.config.architecture == "mamba")
        #expect(loaded.tokenizer.encode(reference.text) == reference.prompt)
        let alone = try Self.generate(loaded, [reference.prompt], batchSize: 1)
        #expect(alone.first?.ids == reference.tokens)

        // In a batch of two with other prompts, slots refilled as requests finish: the same tokens.
        let others: [[Int32]] = [[7, 8, 9, 10, 11], [3, 1, 0, 1], [3, 2, 2, 2, 2, 2, 2]]
        let batched = try Self.generate(loaded, others + [reference.prompt], batchSize: 2)
        #expect(batched.last?.ids == reference.tokens)
        for (index, prompt) in others.enumerated() {
            #expect(batched[index].ids == (try Self.generate(loaded, [prompt], batchSize: 1)).first?.ids, "prompt \(index)")
        }
    }

    /// Prompts sharing a 20-token prefix (samples of one prompt, a few-shot block): the prefix's
    /// state is computed once and copied whole into each sequence's slot, and every sequence gets
    /// the tokens and statistics, bit for bit, of its prompt computed whole.
    @Test func sharedPrefixesGiveTheSequencesOfWholePrompts() throws {
        let loaded = try LoadedModel(path: Self.folder.path, threads: 2)
        let prefix: [Int32] = (0..<20).map { Int32(($0 * 37 + 11) % 128) }
        let prompts = [prefix + [5, 6], prefix + [9], prefix + [5, 6], prefix + [5, 6, 7, 8], [1, 2, 3]]
        let recording = RecordingModel(loaded.model)
        let shared = try Self.generate(loaded, prompts, batchSize: 2, sharing: 16, model: recording)
        let whole = try Self.generate(loaded, prompts, batchSize: 2, sharing: nil)
        for (index, (a, b)) in zip(shared, whole).enumerated() {
            #expect(a.ids == b.ids && a.finishReason == b.finishReason, "request \(index)")
            #expect(a.statistics.map(\.entropy) == b.statistics.map(\.entropy), "request \(index)")
            #expect(a.statistics.map(\.logprob) == b.statistics.map(\.logprob), "request \(index)")
        }
        // The sequences of the shared prompts entered their slots after the prefix.
        #expect(recording.entries(slots: 2).contains { $0.start >= 20 })
    }
}
