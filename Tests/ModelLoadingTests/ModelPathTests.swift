import Foundation
import Generation
import NucleusTestSupport
import Testing
@testable import ModelLoading

/// The GGUF → tokenizer and GGUF → generator paths on the real SmolLM2 file, against transformers
/// (Tests/Fixtures/smollm2-135m).
@Suite(.serialized)
struct ModelPathTests {
    struct Reference: Decodable {
        var prompt: String
        var ids: [Int32]
        var greedy_ids: [Int32]
    }

    struct SampleIDs: Decodable {
        struct IDs: Decodable { var ids: [Int32] }
        var digit_split: IDs
    }

    func reference(_ name: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: TestPaths.referenceFile("\(name).json")))
    }

    @Test func ggufTokenizerReproducesTheDigitSplitIDs() throws {
        let tokenizer = try LoadedModel.tokenizer(path: TestPaths.requireSmolLM2())
        let text = String(decoding: try Data(contentsOf: TestPaths.referenceFile("tokenizer_sample.txt")), as: UTF8.self)
        let expected = try JSONDecoder().decode(SampleIDs.self, from: Data(contentsOf: TestPaths.referenceFile("tokenizer_sample.ids.json")))
        let ids = tokenizer.encode(text)
        #expect(ids == expected.digit_split.ids)
        #expect(tokenizer.decode(ids) == text)
        #expect(tokenizer.chatTemplate == .chatML(defaultSystemPrompt: "You are a helpful AI assistant named SmolLM, trained by Hugging Face"))
    }

    /// Four prompts through one batched generate call (2 slots, so slots are refilled): each greedy
    /// continuation equals transformers' own.
    @Test func batchedGreedyGenerationMatchesTransformers() throws {
        let loaded = try LoadedModel(path: TestPaths.requireSmolLM2(), threads: 2)
        let generator = try Generator(model: loaded.model, tokenizer: loaded.tokenizer, threads: 2)
        let references = try ["france", "natalia", "once", "fibonacci"].map(reference)
        let requests = references.map { GenerationRequest(promptIDs: loaded.tokenizer.encode($0.prompt), rng: SequenceRNG(key: 0)) }
        #expect(requests.map(\.promptIDs) == references.map(\.ids))
        let options = GenerationOptions(sampling: .greedy, stop: try StopRule(eosTokenIds: loaded.endOfSequenceIDs, maxNewTokens: 32),
                                        batchSize: 2, nucleusTopP: 0.9, topK: 20)
        let sequences = try generator.generate(requests, options: options)
        for (sequence, reference) in zip(sequences, references) {
            #expect(sequence.ids == reference.greedy_ids)
            #expect(sequence.statistics.count == sequence.ids.count)
        }
        #expect(sequences[0].finishReason == .eos && sequences[1].finishReason == .length)
    }
}
