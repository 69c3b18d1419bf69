import Foundation
import Generation
import ModelLoading
import NucleusTestSupport
import Testing
import Transformer

/// Teacher-forced scoring against transformers (Tests/Fixtures/scoring, written by
/// scripts/fixtures/score_references.py with pinned torch/transformers): per-position logprobs and
/// entropies within 1e-4 on SmolLM2 and every tiny architecture, ranks exactly, rolling windows as
/// RollingWindows documents them, and the entropy of the average distribution.
@Suite(.serialized)
struct ScoringReferenceTests {
    struct Reference: Decodable {
        struct Sequence: Decodable {
            var name: String
            var ids: [Int32]
            var logprob: [Double]
            var entropy: [Double]
            var rank: [Int]
        }
        struct Rolling: Decodable {
            var window: Int
            var stride: Int
            var ids: [Int32]
            var logprob: [Double]
            var entropy: [Double]
        }
        struct Average: Decodable {
            var sequence: String
            var positions: Int
            var entropy: Double
            var top10_ids: [Int]
        }
        var sequences: [Sequence]
        var rolling: Rolling
        var average: Average
    }

    static let tolerance = 1e-4
    static let folder = TestPaths.repository.appendingPathComponent("Tests/Fixtures/scoring")
    static let tinyFamilies = ModelRegistry.supportedModelTypes.sorted()

    static func reference(_ name: String) throws -> Reference {
        let url = URL(fileURLWithPath: try TestPaths.existing(folder.appendingPathComponent("\(name).json").path, providedBy: "the repository"))
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    static func tinyScorer(_ family: String) throws -> TeacherForcedScorer {
        let folder = TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny/\(family)")
        let model = try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 2)
        let embeddings = try NormalizedEmbeddings(matrix: model.inputEmbeddings, vocabularySize: model.config.vocabularySize,
                                                  dimension: model.config.dim)
        return TeacherForcedScorer(model: model, embeddings: embeddings, threads: 2)
    }

    nonisolated(unsafe) static let smolLM2: Result<TeacherForcedScorer, Error> = Result {
        let loaded = try LoadedModel(path: TestPaths.requireSmolLM2(), threads: 2)
        let generator = try Generator(model: loaded.model, tokenizer: loaded.tokenizer, threads: 2)
        return TeacherForcedScorer(model: loaded.model, embeddings: generator.embeddings, threads: 2)
    }

    /// Every sequence in one batch, fed in pieces of 7 tokens (so pieces continue through the cache),
    /// then the rolling sequence in small windows, then the average distribution.
    func check(_ scorer: TeacherForcedScorer, against reference: Reference, model: String) throws {
        let options = ScoringOptions(batchSize: 2, nucleusTopP: 0.9, topK: 5, averageDistribution: true, pieceTokens: 7)
        var sum: DistributionSum?
        let scored = try scorer.score(reference.sequences.map(\.ids), options: options, distributions: &sum)
        for (document, expected) in zip(scored, reference.sequences) {
            #expect(document.statistics.map(\.tokenId) == Array(expected.ids.dropFirst()), "\(model) \(expected.name)")
            #expect(document.statistics.map(\.rank) == expected.rank, "\(model) \(expected.name)")
            let logprobError = zip(document.statistics.map(\.logprob), expected.logprob).map { abs($0 - $1) }.max() ?? 0
            let entropyError = zip(document.statistics.map(\.entropy), expected.entropy).map { abs($0 - $1) }.max() ?? 0
            #expect(document.statistics.count == expected.logprob.count)
            #expect(logprobError <= Self.tolerance, "\(model) \(expected.name): logprob max |Δ| \(logprobError)")
            #expect(entropyError <= Self.tolerance, "\(model) \(expected.name): entropy max |Δ| \(entropyError)")
        }

        // The average of the first sequence alone.
        var first: DistributionSum?
        _ = try scorer.score([reference.sequences[0].ids], options: options, distributions: &first)
        let average = try #require(first)
        #expect(average.positions == reference.average.positions)
        let mean = average.probabilities.map { $0 / Double(average.positions) }
        let entropy = -mean.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
        #expect(abs(entropy - reference.average.entropy) <= Self.tolerance, "\(model): H(p̄) \(entropy) vs \(reference.average.entropy)")
        let top = mean.indices.sorted { (mean[$0], $1) > (mean[$1], $0) }.prefix(10)
        #expect(Array(top) == reference.average.top10_ids, "\(model)")
        #expect(sum?.positions == reference.sequences.reduce(0) { $0 + max(0, $1.ids.count - 1) })

        let rolling = ScoringOptions(batchSize: 3, window: reference.rolling.window, stride: reference.rolling.stride,
                                     nucleusTopP: 0.9, topK: 5, pieceTokens: 4)
        var unused: DistributionSum?
        let windowed = try #require(try scorer.score([reference.rolling.ids], options: rolling, distributions: &unused).first)
        let rollingError = zip(windowed.statistics.map(\.logprob), reference.rolling.logprob).map { abs($0 - $1) }.max() ?? 0
        let rollingEntropyError = zip(windowed.statistics.map(\.entropy), reference.rolling.entropy).map { abs($0 - $1) }.max() ?? 0
        #expect(windowed.statistics.count == reference.rolling.logprob.count)
        #expect(rollingError <= Self.tolerance, "\(model) rolling: logprob max |Δ| \(rollingError)")
        #expect(rollingEntropyError <= Self.tolerance, "\(model) rolling: entropy max |Δ| \(rollingEntropyError)")
    }

    @Test(arguments: tinyFamilies)
    func tinyModelMatchesTransformers(_ family: String) throws {
        try check(try Self.tinyScorer(family), against: try Self.reference("tiny-\(family)"), model: family)
    }

    @Test func smolLM2MatchesTransformers() throws {
        try check(try Self.smolLM2.get(), against: try Self.reference("smollm2"), model: "smollm2")
    }

    /// A text that fits one window gives the same statistics whatever the window, the pieces and the
    /// batch around it: rolling windows only change anything when the text does not fit.
    @Test func textThatFitsScoresAsOnePass() throws {
        let scorer = try Self.smolLM2.get()
        let ids = try Self.reference("smollm2").sequences[1].ids
        var unused: DistributionSum?
        let whole = try scorer.score([ids], options: ScoringOptions(batchSize: 1, nucleusTopP: 0.9, topK: 5), distributions: &unused)[0]
        let fitted = try scorer.score([ids, ids], options: ScoringOptions(batchSize: 2, window: ids.count - 1, stride: 1, nucleusTopP: 0.9,
                                                                            topK: 5, pieceTokens: 5), distributions: &unused)
        for document in fitted {
            let difference = zip(document.statistics.map(\.logprob), whole.statistics.map(\.logprob)).map { abs($0 - $1) }.max() ?? 0
            #expect(document.statistics.count == whole.statistics.count)
            #expect(difference <= 1e-5, "max |Δ| \(difference)")
        }
    }
}
