import Foundation
import Generation
import NucleusTestSupport
import Testing
import Weights

/// One prompt of Tests/Fixtures/smollm2-135m (see its README): greedy steps and their statistics
/// computed by torch in float64 from the float32 logits.
private struct ReferencePrompt: Decodable {
    struct Step: Decodable {
        var entropy: Double
        var varentropy: Double
        var nucleus_size: Int
        var cosine: Double?
        var logprob: Double
        var rank: Int
        var top1_prob: Double
        var top10_ids: [Int32]
    }
    var greedy_ids: [Int32]
    var steps: [Step]
}

/// The SmolLM2 input embeddings, normalised once per test process.
private let smolLM2Embeddings: Result<NormalizedEmbeddings, any Error> = Result {
    let file = try GGUFFile(path: TestPaths.requireSmolLM2())
    let info = try file.tensorInfo("token_embd.weight")
    return try NormalizedEmbeddings(matrix: try file.floats("token_embd.weight"), vocabularySize: info.shape[0], dimension: info.shape[1])
}

/// The fixture keeps the first 8 greedy steps' logits of each prompt (the steps with the widest
/// nucleus, 3192 tokens, and several nucleus-boundary near-ties among them).
@Suite struct ReferenceStatisticsTests {
    @Test(arguments: ["france", "natalia", "once", "fibonacci"])
    func matchesTorchReference(name: String) throws {
        let reference = try JSONDecoder().decode(ReferencePrompt.self, from: Data(contentsOf: TestPaths.referenceFile("\(name).json")))
        let logits = try NumPyArray.read(from: TestPaths.referenceFile("\(name).greedy_step_logits.first8.f32.npy"))
        let embeddings = try smolLM2Embeddings.get()
        let vocabulary = embeddings.vocabularySize
        #expect(embeddings.unusableRows.isEmpty)
        #expect(logits.shape == [8, vocabulary])
        #expect(reference.greedy_ids.count == reference.steps.count)

        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 20)
        var sampler = try Sampler(settings: .greedy)
        try logits.values.withUnsafeBufferPointer { all in
            for (t, want) in reference.steps.prefix(logits.shape[0]).enumerated() {
                let row = UnsafeBufferPointer(rebasing: all[(t * vocabulary)..<((t + 1) * vocabulary)])
                let chosen = reference.greedy_ids[t]
                let got = try calculator.compute(logits: row, chosen: chosen)
                let at = "\(name) step \(t)"
                #expect(abs(got.entropy - want.entropy) <= 1e-6 * abs(want.entropy), "\(at)")
                #expect(abs(got.varentropy - want.varentropy) <= 1e-6 * abs(want.varentropy), "\(at)")
                #expect(abs(got.logprob - want.logprob) <= 1e-6, "\(at)")
                #expect(got.rank == want.rank, "\(at)")
                #expect(got.nucleusSize == want.nucleus_size, "\(at)")
                if let cosine = want.cosine {
                    #expect(abs(got.nucleusCosine - cosine) <= 1e-5, "\(at)")
                } else {
                    #expect(got.nucleusCosine.isNaN && got.nucleusCosineWeighted.isNaN, "\(at)")
                }
                #expect(Array(got.topkIds.prefix(10)) == want.top10_ids, "\(at)")
                #expect(got.topkIds.count == 20, "\(at)")
                #expect(abs(exp(got.topkLogprobs[0]) - want.top1_prob) <= 1e-9, "\(at)")
                #expect(got.nucleusMass >= 0.9 && got.nucleusMass <= 1, "\(at)")
                #expect(try sampler.sample(logits: row, uniform: 0) == chosen, "\(at)")
            }
        }
    }
}
