import Foundation
import Generation
import NucleusTestSupport
import Testing
@testable import ModelLoading

/// Continuous batching (issue 11 item 4) on the real SmolLM2 GGUF, read through a `RecordingModel`:
/// a finished sequence is never computed again, its slot takes the next request in request order
/// at the next step, so every forward call is as full as the requests left allow, and the greedy
/// tokens are still transformers' own (Tests/Fixtures/smollm2-135m).
@Suite(.serialized)
struct SlotRefillTests {
    struct Reference: Decodable {
        var prompt: String
        var ids: [Int32]
        var greedy_ids: [Int32]
    }

    @Test func finishedSequencesAreNeverComputedAndSlotsRefillInOrder() throws {
        let loaded = try LoadedModel(path: TestPaths.requireSmolLM2(), threads: 2)
        let model = RecordingModel(loaded.model)
        let generator = try Generator(model: model, tokenizer: loaded.tokenizer, threads: 2)
        let references = try ["france", "natalia", "once", "fibonacci"].map {
            try JSONDecoder().decode(Reference.self, from: Data(contentsOf: TestPaths.referenceFile("\($0).json")))
        }
        // An empty prompt third: it fails at once and its turn passes to the next request.
        var prompts = references.map(\.ids)
        prompts.insert([], at: 2)
        let requests = prompts.map { GenerationRequest(promptIDs: $0, rng: SequenceRNG(key: 0)) }
        let options = GenerationOptions(sampling: .greedy, stop: try StopRule(eosTokenIds: loaded.endOfSequenceIDs, maxNewTokens: 32),
                                        batchSize: 2, nucleusTopP: 0.9, topK: 20)
        var finishedOrder: [Int] = []
        model.finished = { finishedOrder.count }
        let sequences = try generator.generate(requests, options: options) { finishedOrder.append($0) }

        var expected = references.map(\.greedy_ids)
        expected.insert([], at: 2)
        #expect(sequences.map(\.ids) == expected)
        #expect(sequences[2].finishReason == .error)
        #expect(Set(finishedOrder) == Set(requests.indices) && finishedOrder.count == requests.count)

        // Every call holds one chunk per unfinished request, up to the batch size: slots are refilled
        // the step after a sequence finishes, and nothing else is computed.
        for (step, call) in model.calls.enumerated() {
            #expect(call.chunks.count == min(2, requests.count - call.finishedBefore), "step \(step)")
        }
        // A sequence's rows: its prompt once, then one per new token but the last.
        let rows = zip(prompts, sequences).reduce(0) { $0 + ($1.1.ids.isEmpty ? 0 : $1.0.count + $1.1.ids.count - 1) }
        #expect(model.rows == rows)
        #expect(model.calls.flatMap(\.chunks).count == sequences.reduce(0) { $0 + $1.ids.count })
        // Prompts enter in request order.
        #expect(model.entries(slots: 2).map(\.tokens) == prompts.filter { !$0.isEmpty })
    }
}
