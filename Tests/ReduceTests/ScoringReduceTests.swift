import Foundation
import Store
import Testing
@testable import Reduce

/// The scoring rows of a reduce, on hand-made score units whose expected values are worked out
/// by hand below: perplexity over every position of the cell, mean entropy, H(p̄) from the units'
/// distribution sums, top tokens of p̄, newest attempt per unit, and a record that disagrees is skipped.
@Suite struct ScoringReduceTests {
    static func scored(unit: String, attempt: Int = 1, rows: [(row: Int, logprob: [Double], entropy: [Double])],
                       sum: [Double]?, positions: Int) -> UnitRecord {
        var record = makeRecord(unit: unit, attempt: attempt, dataset: "stories", technique: "completion",
                                prompts: rows.map { PromptColumns(row: $0.row, entropy: $0.entropy, cosine: $0.entropy.map { _ in 0.5 }) })
        record.tokens.logprob = rows.flatMap(\.logprob)
        record.scoring = ScoringRecord(
            perplexity: rows.map { exp(-$0.logprob.reduce(0, +) / Double($0.logprob.count)) },
            averageDistribution: sum.map { DistributionSumRecord(probabilitySum: $0, positions: positions, tokenText: ["a", "b", "c", "d"]) })
        return record
    }

    @Test func cellRowFromHandComputedValues() throws {
        let u1 = Self.scored(unit: "u1", rows: [(0, [-1, -2], [1, 2]), (1, [-3], [3])], sum: [1, 1, 0, 1], positions: 3)
        let u2 = Self.scored(unit: "u2", rows: [(2, [-2, -2], [0.5, 0.5])], sum: [0, 0, 0, 2], positions: 2)
        // An older attempt of u2 with other numbers: replaced whole by attempt 2.
        let old = Self.scored(unit: "u2", attempt: 0, rows: [(2, [-9, -9], [9, 9])], sum: [0, 2, 0, 0], positions: 2)
        let loader = InMemoryLoader(files: [(fileURL("c/u1.attempt-1.h5"), u1), (fileURL("c/u2.attempt-0.h5"), old),
                                            (fileURL("c/u2.attempt-1.h5"), u2)])
        let summary = try Reducer(resultsFolder: URL(fileURLWithPath: "/results/demo"), loader: loader).summarize()
        let row = try #require(summary.scoring.first)
        #expect(summary.scoring.count == 1)
        #expect(row.documents == 3 && row.positions == 5)
        // Σ logprob = −10 over 5 positions; Σ entropy = 7.
        #expect(abs(row.perplexity - exp(2.0)) < 1e-12)
        #expect(abs(row.meanEntropy - 1.4) < 1e-12)
        // p̄ = [1, 1, 0, 3] / 5 → H = −(2·0.2 ln 0.2 + 0.6 ln 0.6).
        let average = try #require(row.average)
        #expect(average.positions == 5)
        #expect(abs(average.entropy - -(2 * 0.2 * log(0.2) + 0.6 * log(0.6))) < 1e-12)
        #expect(average.top.map(\.id) == [3, 0, 1, 2])
        #expect(average.top.map(\.text) == ["d", "a", "b", "c"])
        #expect(summary.scoredDocuments.map(\.row) == [0, 1, 2])
        #expect(abs(summary.scoredDocuments[0].perplexity - exp(1.5)) < 1e-12)
        let csv = ScoringReport.csv(summary.scoring)
        #expect(csv.hasPrefix("model,dataset,technique,documents,tokens,positions,mean_entropy,perplexity,"))
        #expect(csv.contains("m1,stories,completion,3,9,5,1.4,7.389056099,5,"))
    }

    @Test func inconsistentScoredRecordIsSkippedAndNamed() throws {
        var bad = Self.scored(unit: "u1", rows: [(0, [-1, -2], [1, 2])], sum: nil, positions: 0)
        bad.tokens.logprob = [-1]
        let good = Self.scored(unit: "u2", rows: [(1, [-1], [1])], sum: nil, positions: 0)
        let loader = InMemoryLoader(files: [(fileURL("c/u1.attempt-1.h5"), bad), (fileURL("c/u2.attempt-1.h5"), good)])
        let summary = try Reducer(resultsFolder: URL(fileURLWithPath: "/results/demo"), loader: loader).summarize()
        #expect(summary.skippedFiles.map(\.file) == [fileURL("c/u1.attempt-1.h5")])
        #expect(summary.scoring.map(\.positions) == [1])
        #expect(summary.scoring.first?.average == nil)
    }
}
