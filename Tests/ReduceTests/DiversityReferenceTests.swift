import Foundation
import Testing
@testable import Reduce

/// The output-diversity and determinism metrics equal the independent Python computations of
/// `scripts/fixtures/diversity_reference.py` (the `diversity` package 0.3.1, nltk 3.10.4, gzip,
/// numpy), committed as `Fixtures/diversity_reference.json`: 1e-9 where both compute in float64,
/// the package's 3 decimals where it rounds, exact byte counts for gzip.
@Suite struct DiversityReferenceTests {
    struct TextCase: Decodable {
        let completions: [String]
        let distinct: [Double?]
        let ngramDiversityScore: Double?
        let ngramDiversityScorePackage: Double?
        let gzipLength: Int
        let compressionRatio: Double
        let selfRepetition: Double?
        let selfBleu: Double?
    }

    struct EmbeddingCase: Decodable {
        let vectors: [[Double]]
        let meanPairwiseCosine: Double?
        let vendiScore: Double
    }

    struct MeanEmbeddingCase: Decodable {
        let table: [Double]
        let width: Int
        let tokenIds: [[Int]]
        let means: [[Double]]
        let meanPairwiseCosine: Double
        let vendiScore: Double

        enum CodingKeys: String, CodingKey { case table, width, tokenIds, means, meanPairwiseCosine, vendiScore }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            table = try container.decode([[Double]].self, forKey: .table).flatMap { $0 }
            width = try container.decode(Int.self, forKey: .width)
            tokenIds = try container.decode([[Int]].self, forKey: .tokenIds)
            means = try container.decode([[Double]].self, forKey: .means)
            meanPairwiseCosine = try container.decode(Double.self, forKey: .meanPairwiseCosine)
            vendiScore = try container.decode(Double.self, forKey: .vendiScore)
        }
    }

    struct DeterminismCase: Decodable {
        let samples: [[Int32]]
        let distinctCompletions: Int
        let modalShare: Double
        let pairwiseExactMatch: Double?
        let identicalPairs: Int
        let firstDivergences: [Int]
        let firstDivergenceMean: Double?
        let firstDivergenceMedian: Double?
        let modalCompletion: [Int32]
        let perturbedSamples: [[Int32]]
        let perturbedAgreement: Double?
    }

    struct MajorityCase: Decodable {
        let answers: [String?]
        let majority: String?
    }

    struct Reference: Decodable {
        let texts: [String: TextCase]
        let embeddings: [String: EmbeddingCase]
        let meanEmbedding: MeanEmbeddingCase
        let determinism: [String: DeterminismCase]
        let majority: [String: MajorityCase]
    }

    static let reference: Reference? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/diversity_reference.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(Reference.self, from: Data(contentsOf: url))
    }()

    static func loaded() throws -> Reference {
        try #require(reference, "Fixtures/diversity_reference.json is missing or unreadable")
    }

    static func close(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9) -> Bool {
        switch (actual, expected) {
        case (nil, nil): true
        case (let actual?, let expected?): abs(actual - expected) <= tolerance * max(1, abs(expected))
        default: false
        }
    }

    @Test func theFixtureHasEveryCase() throws {
        let reference = try Self.loaded()
        #expect(reference.texts.count == 14)
        #expect(reference.embeddings.count == 8)
        #expect(reference.determinism.count == 8)
        #expect(reference.majority.count == 6)
    }

    @Test(arguments: ["stories", "stories_with_a_repeat", "facts", "identical", "one_completion", "two_completions",
                      "empty_strings", "some_empty", "whitespace", "unicode", "short", "repetitive", "numbers",
                      "no_completions"])
    func textMetrics(name: String) throws {
        let expected = try #require(try Self.loaded().texts[name])
        let texts = expected.completions
        for k in 1...4 {
            let value = OutputDiversity.distinct(k, of: texts)
            #expect(Self.close(value, expected.distinct[k - 1]), "distinct-\(k): \(String(describing: value))")
        }
        let score = OutputDiversity.ngramDiversityScore(texts)
        #expect(Self.close(score, expected.ngramDiversityScore), "n-gram diversity \(String(describing: score))")
        // The package prints 3 decimals.
        #expect(Self.close(score, expected.ngramDiversityScorePackage, tolerance: 0.0005 + 1e-12))
        #expect(OutputDiversity.gzipLength(Array(texts.joined(separator: " ").utf8)) == expected.gzipLength)
        #expect(Self.close(OutputDiversity.compressionRatio(texts), expected.compressionRatio))
        let repetition = OutputDiversity.selfRepetition(texts)
        #expect(Self.close(repetition, expected.selfRepetition), "self-repetition \(String(describing: repetition))")
        let bleu = OutputDiversity.selfBLEU(texts)
        #expect(Self.close(bleu, expected.selfBleu), "self-BLEU \(String(describing: bleu))")
    }

    @Test(arguments: ["gaussian_5x8", "identical_3", "orthogonal_4", "one_vector", "near_duplicates_4",
                      "rank_3_of_12", "opposite_pair", "two_clusters_6"])
    func embeddingMetrics(name: String) throws {
        let expected = try #require(try Self.loaded().embeddings[name])
        let cosine = OutputDiversity.meanPairwiseCosine(expected.vectors)
        #expect(Self.close(cosine, expected.meanPairwiseCosine), "mean cosine \(String(describing: cosine))")
        let vendi = OutputDiversity.vendiScore(expected.vectors)
        #expect(Self.close(vendi, expected.vendiScore), "Vendi \(String(describing: vendi))")
    }

    @Test func meanEmbeddingOfTokenRows() throws {
        let expected = try Self.loaded().meanEmbedding
        let table = expected.table.map(Float.init)
        let means = try expected.tokenIds.map { ids in
            try #require(OutputDiversity.meanEmbedding(tokenIDs: ids, table: table, width: expected.width))
        }
        for (mean, reference) in zip(means, expected.means) {
            #expect(zip(mean, reference).allSatisfy { Self.close($0, $1) }, "\(mean) vs \(reference)")
        }
        #expect(Self.close(OutputDiversity.meanPairwiseCosine(means), expected.meanPairwiseCosine))
        #expect(Self.close(OutputDiversity.vendiScore(means), expected.vendiScore))
        #expect(OutputDiversity.meanEmbedding(tokenIDs: [], table: table, width: expected.width) == nil)
        #expect(OutputDiversity.meanEmbedding(tokenIDs: [10], table: table, width: expected.width) == nil)
    }

    @Test(arguments: ["all_identical", "all_distinct", "prefixes", "modal_majority", "single", "with_empty",
                      "tie_for_mode", "even_divergences"])
    func determinismMetrics(name: String) throws {
        let expected = try #require(try Self.loaded().determinism[name])
        let agreement = try #require(CompletionAgreement(samples: expected.samples))
        #expect(agreement.samples == expected.samples.count)
        #expect(agreement.distinctCompletions == expected.distinctCompletions)
        #expect(Self.close(agreement.modalShare, expected.modalShare))
        #expect(Self.close(agreement.pairwiseExactMatch, expected.pairwiseExactMatch))
        #expect(agreement.identicalPairs == expected.identicalPairs)
        #expect(agreement.firstDivergences == expected.firstDivergences)
        #expect(Self.close(agreement.firstDivergenceMean, expected.firstDivergenceMean))
        #expect(Self.close(agreement.firstDivergenceMedian, expected.firstDivergenceMedian))
        #expect(agreement.modalCompletion == expected.modalCompletion)
        #expect(Self.close(CompletionAgreement.agreement(of: expected.perturbedSamples, with: agreement.modalCompletion),
                           expected.perturbedAgreement))
    }

    @Test(arguments: ["clear", "tie_first_sample_wins", "tie_after_missing", "all_missing", "one", "none"])
    func majorityAnswer(name: String) throws {
        let expected = try #require(try Self.loaded().majority[name])
        #expect(MajorityAnswer.of(expected.answers) == expected.majority)
    }

    @Test func noSamplesHaveNoAgreement() {
        #expect(CompletionAgreement(samples: []) == nil)
    }

    /// Orthogonal vectors give K = I, eigenvalues 1/n each: the solver on a matrix with a known
    /// spectrum, a rotated diagonal.
    @Test func jacobiFindsAKnownSpectrum() {
        let angle = 0.3, c = cos(angle), s = sin(angle)
        // Q diag(1, 2, 5) Qᵀ with Q a rotation in the (0, 2) plane.
        let matrix = [c * c * 1 + s * s * 5, 0, c * s * (5 - 1),
                      0, 2, 0,
                      c * s * (5 - 1), 0, s * s * 1 + c * c * 5]
        let values = SymmetricEigenvalues.of(matrix, size: 3)
        #expect(zip(values, [1.0, 2.0, 5.0]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(values)")
    }
}
