import Foundation
import Store
import Testing
@testable import Reduce

/// The sampling study's aggregation (per prompt × settings, per cell with intervals by prompt,
/// perturbed vs unperturbed) against `scripts/fixtures/sampling_reference.py` (Counter, median,
/// numpy.percentile and the bootstrap generators re-implemented in Python), committed as
/// `Fixtures/sampling_reference.json`; 1e-9 where both compute in float64.
@Suite struct SamplingStudyTests {
    struct Reference: Decodable {
        let replicates: Int
        let seed: UInt64
        let confidence: Double
        let samples: [Sample]
        let cells: [Cell]
    }

    struct Sample: Decodable {
        let technique, perturbation, base: String
        let row, sample: Int
        let ids: [Int32]
        let text, reference: String
    }

    struct Cell: Decodable {
        let technique: String
        let prompts: [Prompt]
        let means: [String: Mean]
    }

    struct Prompt: Decodable {
        let row, samples, distinct, identicalPairs: Int
        let modalShare, exactMatch, singleSampleAccuracy: Double
        let divergenceMean, divergenceMedian, agreement, answerAgreement: Double?
        let majorityAnswer: String
        let majorityCorrect: Bool
    }

    struct Mean: Decodable {
        let mean, low, high: Double
        let prompts: Int
    }

    static func loaded() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sampling_reference.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Reference.self, from: Data(contentsOf: url))
    }

    static func study(_ reference: Reference) throws -> SamplingStudy {
        let merged = reference.samples.map { sample in
            PromptTokens(
                unitID: "\(sample.technique)-\(sample.sample)", row: sample.row, attempt: 1,
                key: CorrelationKey(model: "m", dataset: "gsm8k", technique: sample.technique, settings: "t1.0"),
                sample: sample.sample, source: URL(fileURLWithPath: "/unit.h5"),
                prompt: PromptRecord(row: sample.row, promptText: "q", reference: sample.reference,
                                     completionText: sample.text, finishReason: "eos", promptTokenCount: 1,
                                     generatedCount: sample.ids.count),
                entropy: [], nucleusCosine: [], tokenIDs: sample.ids,
                perturbation: sample.perturbation, perturbationBase: sample.base)
        }
        let options = BootstrapOptions(replicates: reference.replicates, seed: reference.seed,
                                       confidence: reference.confidence)
        return try #require(SamplingStudy.compute(merged, bootstrap: options))
    }

    private func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= tolerance
        default: false
        }
    }

    @Test func perPromptDeterminismMatchesThePythonReference() throws {
        let reference = try Self.loaded()
        let study = try Self.study(reference)
        for cell in reference.cells {
            let rows = study.prompts.filter { $0.key.technique == cell.technique }
            #expect(rows.map(\.row) == cell.prompts.map(\.row))
            for (row, expected) in zip(rows, cell.prompts) {
                #expect(row.samples == expected.samples)
                #expect(row.agreement.distinctCompletions == expected.distinct)
                #expect(row.agreement.identicalPairs == expected.identicalPairs)
                #expect(close(row.agreement.modalShare, expected.modalShare))
                #expect(close(row.agreement.pairwiseExactMatch, expected.exactMatch))
                #expect(close(row.agreement.firstDivergenceMean, expected.divergenceMean))
                #expect(close(row.agreement.firstDivergenceMedian, expected.divergenceMedian))
                #expect(row.selfConsistency?.majorityAnswer == expected.majorityAnswer)
                #expect(row.selfConsistency?.majorityCorrect == expected.majorityCorrect)
                #expect(close(row.selfConsistency?.singleSampleAccuracy, expected.singleSampleAccuracy))
                #expect(close(row.unperturbed?.exact, expected.agreement))
                #expect(close(row.unperturbed?.answer, expected.answerAgreement))
            }
        }
    }

    @Test func perCellMeansAndPromptIntervalsMatchThePythonReference() throws {
        let reference = try Self.loaded()
        let study = try Self.study(reference)
        #expect(study.cells.map(\.key.technique) == ["baseline", "lower"])
        for cell in reference.cells {
            let row = try #require(study.cells.first { $0.key.technique == cell.technique })
            for (name, expected) in cell.means {
                let mean: SamplingCellRow.Mean? = switch name {
                case "majority_accuracy": row.selfConsistency?.majorityAccuracy
                case "single_sample_accuracy": row.selfConsistency?.singleSampleAccuracy
                default: row.mean(name)
                }
                let actual = try #require(mean, "no \(name)")
                #expect(close(actual.value, expected.mean), "\(cell.technique) \(name)")
                #expect(close(actual.interval.lower, expected.low), "\(cell.technique) \(name) low")
                #expect(close(actual.interval.upper, expected.high), "\(cell.technique) \(name) high")
                #expect(actual.prompts == expected.prompts, "\(cell.technique) \(name) prompts")
            }
        }
    }

    /// One sample per prompt and no perturbation: nothing to compare, no study (the report keeps
    /// its files as before).
    @Test func noStudyWithOneSamplePerPrompt() throws {
        let reference = try Self.loaded()
        let merged = reference.samples.filter { $0.sample == 0 && $0.perturbation.isEmpty }.map { sample in
            PromptTokens(
                unitID: "u", row: sample.row, attempt: 1,
                key: CorrelationKey(model: "m", dataset: "gsm8k", technique: sample.technique), sample: 0,
                source: URL(fileURLWithPath: "/unit.h5"),
                prompt: PromptRecord(row: sample.row, promptText: "q", reference: sample.reference,
                                     completionText: sample.text, finishReason: "eos", promptTokenCount: 1,
                                     generatedCount: sample.ids.count),
                entropy: [], nucleusCosine: [], tokenIDs: sample.ids)
        }
        #expect(SamplingStudy.compute(merged, bootstrap: BootstrapOptions(replicates: 10)) == nil)
    }
}
