import Foundation
import Store
import Testing
@testable import Reduce

/// The sampling study's `embedding_cosine` and `vendi` columns, per prompt and per cell, on stored
/// eᵢ vectors against `scripts/fixtures/embedding_diversity_reference.py` (numpy, eigvalsh),
/// committed as `Fixtures/embedding_diversity_reference.json`; 1e-9. Samples without a vector
/// (no tokens, older unit files) are left out of these two columns only.
@Suite struct EmbeddingDiversityStudyTests {
    struct Reference: Decodable {
        let samples: [Sample]
        let prompts: [Metrics]
        let cell: Metrics
    }

    struct Sample: Decodable {
        let row, sample: Int
        let text: String
        let ids: [Int32]
        let vector: [Double]?
    }

    struct Metrics: Decodable {
        let embeddingCosine: Double?
        let vendi: Double?
    }

    static func loaded() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/embedding_diversity_reference.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Reference.self, from: Data(contentsOf: url))
    }

    static func study(_ reference: Reference, withVectors: Bool = true) throws -> SamplingStudy {
        let merged = reference.samples.map { sample in
            PromptTokens(
                unitID: "u-\(sample.sample)", row: sample.row, attempt: 1,
                key: CorrelationKey(model: "m", dataset: "d", technique: "t", settings: "t1.0"),
                sample: sample.sample, source: URL(fileURLWithPath: "/unit.h5"),
                prompt: PromptRecord(row: sample.row, promptText: "q", reference: "", completionText: sample.text,
                                     finishReason: "length", promptTokenCount: 1, generatedCount: sample.ids.count),
                entropy: [], nucleusCosine: [], tokenIDs: sample.ids, embeddingMean: withVectors ? sample.vector : nil)
        }
        return try #require(SamplingStudy.compute(merged, bootstrap: BootstrapOptions(replicates: 10, seed: 1, confidence: 0.95)))
    }

    private func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= 1e-9
        default: false
        }
    }

    @Test func perPromptAndPerCellMatchThePythonReference() throws {
        let reference = try Self.loaded()
        let study = try Self.study(reference)
        #expect(study.prompts.count == reference.prompts.count)
        for (row, expected) in zip(study.prompts, reference.prompts) {
            #expect(close(row.diversity.value("embedding_cosine"), expected.embeddingCosine), "row \(row.row)")
            #expect(close(row.diversity.value("vendi"), expected.vendi), "row \(row.row)")
        }
        let cell = try #require(study.cells.first)
        #expect(close(cell.diversity.value("embedding_cosine"), reference.cell.embeddingCosine))
        #expect(close(cell.diversity.value("vendi"), reference.cell.vendi))
    }

    @Test func tablesCarryTheColumns() throws {
        let study = try Self.study(try Self.loaded())
        for csv in [SamplingCSV.renderCells(study.cells), SamplingCSV.renderPrompts(study.prompts)] {
            let header = try #require(csv.split(separator: "\n").first).split(separator: ",").map(String.init)
            #expect(header.contains("embedding_cosine") && header.contains("vendi"))
        }
        let markdown = SamplingMarkdown.section(study, figures: []).joined(separator: "\n")
        #expect(markdown.contains("embedding cosine | Vendi"))
    }

    @Test func withoutStoredVectorsTheColumnsAreUndefined() throws {
        let study = try Self.study(try Self.loaded(), withVectors: false)
        for row in study.prompts {
            #expect(row.diversity.value("embedding_cosine") == nil && row.diversity.value("vendi") == nil)
            #expect(row.diversity.value("distinct_1") != nil)
        }
        #expect(study.cells.first?.diversity.value("vendi") == nil)
    }
}
