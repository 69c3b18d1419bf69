import Foundation
import Generation
import NucleusTestSupport
import Testing
import Transformer
@testable import ModelLoading

/// Candidate scores (DESIGN §10 "Ranking") against transformers: Tests/Fixtures/ranking/references.json,
/// written by scripts/fixtures/rank_references.py with one full forward of context + candidate per
/// candidate (no cache), so the KV-sharing and batching here are checked too.
@Suite struct CandidateScorerTests {
    struct Score: Decodable {
        var score: Double
        var n_tokens: Int
        var first_logit: Double
        var candidate: String?
        var token_ids: [Int32]?
    }
    struct IDCase: Decodable {
        var context: [Int32]
        var candidates: [[Int32]]
        var scores: [Score]
    }
    struct TextCase: Decodable {
        var context: String
        var separator: String
        var scores: [Score]
    }
    struct Reference: Decodable {
        var tiny: [String: [IDCase]]
        var smollm2: [TextCase]?
    }

    static func reference() throws -> Reference {
        let url = TestPaths.repository.appendingPathComponent("Tests/Fixtures/ranking/references.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    static let tolerance = 1e-4

    @Test(arguments: ["llama", "qwen2", "gemma2", "gpt_neox", "phi"])
    func tinyModelsMatchTransformers(family: String) throws {
        let folder = TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny/\(family)").path
        let model = try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder), threads: 1)
        let cases = try #require(try Self.reference().tiny[family])
        for batchSize in [1, 2, 8] {
            let scorer = CandidateScorer(model: model, batchSize: batchSize)
            for reference in cases {
                let scores = try scorer.score(context: reference.context, candidates: reference.candidates)
                #expect(scores.map(\.tokenCount) == reference.scores.map(\.n_tokens))
                for (got, want) in zip(scores, reference.scores) {
                    #expect(abs(got.logprob - want.score) < Self.tolerance, "\(family) batch \(batchSize): \(got.logprob) vs \(want.score)")
                    #expect(abs(got.meanLogprob - want.score / Double(want.n_tokens)) < Self.tolerance)
                    #expect(abs(Double(got.firstLogit) - want.first_logit) < Self.tolerance)
                }
            }
        }
    }

    @Test func smolLM2TextCandidatesMatchTransformers() throws {
        let loaded = try LoadedModel(path: try TestPaths.requireSmolLM2(), threads: 2)
        let cases = try #require(try Self.reference().smollm2)
        let scorer = CandidateScorer(model: loaded.model, batchSize: 4)
        for reference in cases {
            let candidates = reference.scores.compactMap(\.candidate)
            let scores = try scorer.score(context: reference.context, separator: reference.separator, candidates: candidates,
                                          tokenizer: loaded.tokenizer)
            #expect(scores.map(\.tokenIDs) == reference.scores.map { $0.token_ids ?? [] })
            for (got, want) in zip(scores, reference.scores) {
                #expect(abs(got.logprob - want.score) < Self.tolerance, "\(reference.context) \(want.candidate ?? ""): \(got.logprob) vs \(want.score)")
                #expect(abs(Double(got.firstLogit) - want.first_logit) < Self.tolerance)
            }
        }
    }

    @Test func emptyCandidateOrContextIsRefused() throws {
        let folder = TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny/llama").path
        let scorer = CandidateScorer(model: try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder), threads: 1), batchSize: 2)
        #expect(throws: GenerationError.self) { try scorer.score(context: [], candidates: [[1]]) }
        #expect(throws: GenerationError.self) { try scorer.score(context: [1], candidates: [[2], []]) }
    }
}
