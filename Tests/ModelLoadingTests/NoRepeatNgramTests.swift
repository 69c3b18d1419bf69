import Foundation
import Generation
import NucleusTestSupport
import Testing
@testable import ModelLoading

/// `no_repeat_ngram_size` and `repetition_penalty` over prompt + generated ids, against transformers'
/// greedy `generate` (Tests/Fixtures/no_repeat_references.json, scripts/fixtures/no_repeat_references.py)
/// on every tiny fixture family and on SmolLM2.
@Suite(.serialized)
struct NoRepeatNgramTests {
    struct Case: Decodable {
        var model: String
        var prompt_ids: [Int32]
        var no_repeat_ngram_size: Int
        var repetition_penalty: Double
        var generated_ids: [Int32]
    }

    static func cases() throws -> [Case] {
        struct File: Decodable { var cases: [Case] }
        let url = TestPaths.repository.appendingPathComponent("Tests/Fixtures/no_repeat_references.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    /// The tiny folders carry no tokenizer; generation only needs one to decode the ids to text.
    func modelPath(_ name: String) throws -> String {
        guard name != "smollm2" else { return try TestPaths.requireSmolLM2() }
        return try TinyHFFolder.make(tokenizer: true, family: String(name.dropFirst("tiny/".count))).path
    }

    @Test func greedyTokensEqualTransformers() throws {
        let all = try Self.cases()
        #expect(all.count >= 30)
        for model in Set(all.map(\.model)).sorted() {
            let path = try modelPath(model)
            defer { if model != "smollm2" { try? FileManager.default.removeItem(atPath: path) } }
            let loaded = try LoadedModel(path: path, threads: 2)
            let generator = try Generator(model: loaded.model, tokenizer: loaded.tokenizer, threads: 2)
            let group = all.filter { $0.model == model }
            for reference in group {
                let sampling = SamplingSettings(temperature: 0, repetitionPenalty: reference.repetition_penalty,
                                                noRepeatNgramSize: reference.no_repeat_ngram_size)
                let options = GenerationOptions(sampling: sampling,
                                                stop: try StopRule(eosTokenIds: [], maxNewTokens: reference.generated_ids.count),
                                                batchSize: 2, nucleusTopP: 0.9, topK: 0)
                // Twice in one batch: the history is per sequence.
                let requests = [GenerationRequest(promptIDs: reference.prompt_ids, rng: SequenceRNG(key: 0)),
                                GenerationRequest(promptIDs: reference.prompt_ids, rng: SequenceRNG(key: 1))]
                let sequences = try generator.generate(requests, options: options)
                let label = "\(model) n=\(reference.no_repeat_ngram_size) penalty=\(reference.repetition_penalty)"
                #expect(sequences[0].ids == reference.generated_ids, "\(label)")
                #expect(sequences[1].ids == reference.generated_ids, "\(label)")
                // No n-gram ending in a generated token occurred before it (the prompt may repeat itself).
                let n = reference.no_repeat_ngram_size
                let full = reference.prompt_ids + sequences[0].ids
                for end in max(n, reference.prompt_ids.count + 1)...full.count where n > 0 {
                    let gram = full[(end - n)..<end]
                    let earlier = (0..<(end - n)).contains { full[$0..<($0 + n)] == gram }
                    #expect(!earlier, "\(label): the n-gram ending at \(end) repeats")
                }
            }
        }
    }
}
