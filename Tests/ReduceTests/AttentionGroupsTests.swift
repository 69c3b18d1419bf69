import Foundation
import NucleusCore
import Store
import Testing
@testable import Reduce

/// Attention by group on hand-made records (1 layer × 2 heads): the by-step means and bands, the
/// layer × head map and the layer test equal values worked out by hand and with scipy 1.17.1
/// (`mannwhitneyu([0.5, 2], [2, 5])` → U 0.5, p 0.4142161782425252; t.ppf(0.975, 1) bands).
/// `Tests/integration/test_attention_groups.py` checks the same files on a real run.
@Suite struct AttentionGroupsTests {
    /// Per prompt: its tokens' attention entropies (2 heads each); varentropy is twice the entropy.
    static func record(unit: String, dataset: String, label: String, prompts: [[[Float]]]) -> UnitRecord {
        var record = makeRecord(unit: unit, attempt: 1, dataset: dataset, prompts: prompts.enumerated().map { row, tokens in
            PromptColumns(row: row, entropy: tokens.map { Double($0.reduce(0, +)) }, cosine: tokens.map { _ in 0.5 })
        })
        for index in record.prompts.indices { record.prompts[index].label = label }
        let values = prompts.flatMap { $0.flatMap { $0 } }
        record.tokens.varentropy = record.tokens.entropy.map { $0 / 2 }
        record.tokens.attentionLayers = 1
        record.tokens.attentionHeads = 2
        record.tokens[.attentionEntropy] = .float32(values)
        record.tokens[.attentionVarentropy] = .float32(values.map { $0 * 2 })
        return record
    }

    static func study() throws -> AttentionGroupsStudy {
        let loader = InMemoryLoader(files: [
            (fileURL("a.h5"), record(unit: "a", dataset: "facts", label: "factual", prompts: [[[1, 3], [2, 2]], [[4, 6]]])),
            (fileURL("b.h5"), record(unit: "b", dataset: "stories", label: "creative", prompts: [[[0.5, 0.5]], [[1, 1], [3, 3]]])),
        ])
        return try Reducer(resultsFolder: URL(fileURLWithPath: "/results/demo"), loader: loader).summarize().attention
    }

    /// A custom dataset whose references happen to be numbers (years) is graded in accuracy.csv but
    /// is not pooled into the `gsm8k` grouping; the GSM8K-shaped dataset's prompts are.
    static func graded(_ unit: String, dataset: String, shape: DatasetShape, references: [String], completions: [String],
                       answerType: AnswerType? = nil) -> UnitRecord {
        var record = record(unit: unit, dataset: dataset, label: "", prompts: references.map { _ in [[1, 2]] })
        record.header.datasetShape = shape.rawValue
        record.header.answerType = answerType?.rawValue
        for index in record.prompts.indices {
            record.prompts[index].reference = references[index]
            record.prompts[index].completionText = completions[index]
        }
        return record
    }

    /// accuracy.csv grades a dataset's numeric-looking references unless the unit file records
    /// `answer_type` text (files from before it was recorded keep the old rule).
    @Test func textAnswerDatasetsAreNotGradedAsNumbers() throws {
        for answerType in [AnswerType?.none, .text] {
            let loader = InMemoryLoader(files: [
                (fileURL("f.h5"), Self.graded("f", dataset: "facts", shape: .custom, references: ["1945", "1969"],
                                              completions: ["1945", "1970"], answerType: answerType)),
            ])
            let summary = try Reducer(resultsFolder: URL(fileURLWithPath: "/results/demo"), loader: loader).summarize()
            #expect(summary.accuracy.map(\.key.dataset) == (answerType == nil ? ["facts"] : []))
        }
    }

    /// A text-answer dataset whose references happen to be numbers (years) is not pooled into the
    /// `gsm8k` grouping; the numeric-answer dataset's prompts are.
    @Test func textAnswerDatasetsStayOutOfTheGSM8KGroups() throws {
        let loader = InMemoryLoader(files: [
            (fileURL("g.h5"), Self.graded("g", dataset: "gsm", shape: .gsm8k, references: ["#### 3", "#### 4"],
                                     completions: ["so #### 3", "so #### 5"])),
            (fileURL("f.h5"), Self.graded("f", dataset: "facts", shape: .custom, references: ["1945", "1969"],
                                          completions: ["1945", "1970"], answerType: .text)),
        ])
        let summary = try Reducer(resultsFolder: URL(fileURLWithPath: "/results/demo"), loader: loader).summarize()
        let study = summary.attention
        let firstSteps = study.steps.filter { $0.key.grouping == "gsm8k" && $0.step == 0 }
        #expect(firstSteps.map(\.key.group) == ["correct", "wrong"])
        #expect(firstSteps.map(\.prompts) == [1, 1])
    }

    @Test func stepMeansAndBands() throws {
        let steps = try Self.study().steps.filter { $0.key.grouping == "label" }
        #expect(steps.map(\.key.group) == ["creative", "creative", "factual", "factual"])
        let factual = steps.filter { $0.key.group == "factual" }
        #expect(factual.map(\.prompts) == [2, 1])
        // Step 0: prompt means 2 and 5; t(0.975, 1) · sd / √2 = 12.7062… · 1.5.
        #expect(factual[0].attentionEntropy.mean == 3.5)
        #expect(abs(factual[0].attentionEntropy.low - -15.55930710426204) <= 1e-12)
        #expect(abs(factual[0].attentionEntropy.high - 22.55930710426204) <= 1e-12)
        #expect(factual[0].attentionVarentropy.mean == 7)
        // The output entropy of the fixture is the sum of the heads (4 and 10).
        #expect(factual[0].entropy.mean == 7 && factual[0].varentropy.mean == 3.5)
        // Step 1: one prompt, no band.
        #expect(factual[1].attentionEntropy.mean == 2 && factual[1].attentionEntropy.low.isNaN)
    }

    @Test func layerHeadMapWeighsPromptsEqually() throws {
        let map = try #require(try Self.study().maps.first { $0.key.group == "factual" })
        #expect(map.layers == 1 && map.heads == 2 && map.prompts == 2)
        // Head 0: (mean(1, 2) + 4) / 2; head 1: (mean(3, 2) + 6) / 2.
        #expect(map.means == [2.75, 4.25])
    }

    @Test func layerTestEqualsScipy() throws {
        let tests = try Self.study().layerTests
        #expect(tests.count == 1)
        let test = try #require(tests.first)
        #expect((test.grouping, test.layer, test.groupA, test.groupB, test.countA, test.countB) == ("label", 0, "creative", "factual", 2, 2))
        #expect(test.meanA == 1.25 && test.meanB == 3.5 && test.difference == -2.25)
        #expect(test.u == 0.5)
        #expect(abs(test.p - 0.4142161782425252) <= 1e-12 * 0.4142161782425252)
    }

    @Test func heatmapHasACellPerHeadAndAColourScale() throws {
        let map = try #require(try Self.study().maps.first { $0.key.group == "factual" })
        let svg = LayerHeadHeatmap.svg(title: "t", caption: "c", layers: map.layers, heads: map.heads, values: map.means)
        #expect(svg.contains("class=\"cells\"") && svg.contains("class=\"colour-scale\""))
        // The smallest value takes the light end of the ramp, the largest the dark end.
        #expect(svg.contains(LayerHeadHeatmap.color(0).hex) && svg.contains(LayerHeadHeatmap.color(1).hex))
    }

    @Test func withoutAttentionColumnsNothingIsReported() throws {
        let loader = InMemoryLoader(files: [(fileURL("a.h5"), makeRecord(unit: "a", attempt: 1, prompts: [
            PromptColumns(row: 0, entropy: [1], cosine: [0.5]),
        ]))])
        let summary = try Reducer(resultsFolder: URL(fileURLWithPath: "/results/demo"), loader: loader).summarize()
        #expect(summary.attention.isEmpty)
    }
}
