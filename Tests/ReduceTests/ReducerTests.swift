import Foundation
import Testing
import Store
@testable import Reduce

private let resultsFolder = URL(fileURLWithPath: "/results/demo")

@Test func nanCosineTokensAreExcludedAndCounted() throws {
    let record = makeRecord(unit: "u1", attempt: 0, prompts: [
        PromptColumns(row: 0, entropy: [0.5, 1.0, 1.5, 0.0], cosine: [0.2, .nan, 0.4, .nan]),
        PromptColumns(row: 1, entropy: [2.0, .infinity, 2.5], cosine: [0.5, 0.9, 0.3]),
    ])
    let loader = InMemoryLoader(files: [(fileURL("c/u1.attempt-0.h5"), record)])
    let summary = try Reducer(resultsFolder: resultsFolder, loader: loader).summarize()
    let row = try #require(summary.correlations.first)
    #expect(summary.correlations.count == 1)
    #expect(row.key == CorrelationKey(model: "m1", dataset: "gsm8k", technique: "cot"))
    #expect((row.tokens, row.used, row.excludedNaNCosine, row.excludedNonFinite) == (7, 4, 2, 1))
    let entropy: [Double] = [0.5, 1.5, 2.0, 2.5], cosine: [Double] = [0.2, 0.4, 0.5, 0.3]
    #expect(row.pearson == Statistics.pearson(entropy, cosine))
    #expect(row.kendall == Statistics.kendallTauB(entropy, cosine))
    // scipy.stats.spearmanr([0.5,1.5,2,2.5], [0.2,0.4,0.5,0.3]) = (0.4, 0.6).
    #expect(abs(row.spearman.statistic - 0.4) < 1e-12 && abs(row.spearman.pValue - 0.6) < 1e-12)
    #expect(row.meanEntropy == 1.625 && abs(row.meanCosine - 0.35) < 1e-15)
    #expect((summary.tokens, summary.tokensUsed, summary.prompts, summary.promptsReplaced) == (7, 4, 2, 0))
}

@Test(arguments: [false, true])
func newestAttemptOfEachPromptWins(newerListedFirst: Bool) throws {
    let original = makeRecord(unit: "u1", attempt: 0, prompts: [
        PromptColumns(row: 0, entropy: [1, 2], cosine: [0.1, 0.2]),
        PromptColumns(row: 1, entropy: [9, 9], cosine: [0.9, 0.9]),
    ])
    let rerun = makeRecord(unit: "u1", attempt: 2, prompts: [
        PromptColumns(row: 1, entropy: [3, 4], cosine: [0.4, 0.3]),
    ])
    let older = makeRecord(unit: "u1", attempt: 1, prompts: [
        PromptColumns(row: 1, entropy: [7, 7], cosine: [0.7, 0.7]),
    ])
    var files = [(fileURL("c/u1.attempt-0.h5"), original), (fileURL("c/u1.attempt-1.h5"), older),
                 (fileURL("c/u1.attempt-2.h5"), rerun)]
    if newerListedFirst { files.reverse() }
    let summary = try Reducer(resultsFolder: resultsFolder, loader: InMemoryLoader(files: files)).summarize()
    let row = try #require(summary.correlations.first)
    #expect(summary.unitFilesRead == 3)
    #expect(summary.prompts == 2)
    #expect(summary.promptsReplaced == 1)
    #expect(row.tokens == 4)
    // Row 0 from attempt 0, row 1 from attempt 2: entropy [1, 2, 3, 4], cosine [0.1, 0.2, 0.4, 0.3].
    #expect(row.meanEntropy == 2.5)
    #expect(row.pearson == Statistics.pearson([1, 2, 3, 4], [0.1, 0.2, 0.4, 0.3]))
}

@Test func sameAttemptOfAPromptInTwoFilesIsAnError() {
    let a = makeRecord(unit: "u1", attempt: 1, prompts: [PromptColumns(row: 4, entropy: [1], cosine: [0.5])])
    let loader = InMemoryLoader(files: [(fileURL("c/u1.attempt-1.h5"), a), (fileURL("d/u1.attempt-1.h5"), a)])
    #expect(throws: ReduceError.duplicateAttempt(
        unitID: "u1", row: 4, attempt: 1,
        firstPath: "/results/demo/units/c/u1.attempt-1.h5", secondPath: "/results/demo/units/d/u1.attempt-1.h5")) {
        try Reducer(resultsFolder: resultsFolder, loader: loader).summarize()
    }
}

@Test func incompleteFilesAreSkippedAndCounted() throws {
    let done = makeRecord(unit: "u1", attempt: 0, prompts: [PromptColumns(row: 0, entropy: [1, 2, 3], cosine: [0.3, 0.2, 0.1])])
    let partial = makeRecord(unit: "u1", attempt: 1, complete: false,
                             prompts: [PromptColumns(row: 0, entropy: [5, 6, 7], cosine: [0.5, 0.5, 0.6])])
    let loader = InMemoryLoader(files: [(fileURL("c/u1.attempt-0.h5"), done), (fileURL("c/u1.attempt-1.h5"), partial)])
    let summary = try Reducer(resultsFolder: resultsFolder, loader: loader).summarize()
    #expect(summary.unitFilesRead == 1)
    #expect(summary.incompleteFiles == [fileURL("c/u1.attempt-1.h5")])
    #expect(summary.promptsReplaced == 0)
    #expect(summary.correlations.first?.meanEntropy == 2)
}

@Test func recordWithMissingColumnValuesIsRejected() {
    var record = makeRecord(unit: "u1", attempt: 0, prompts: [PromptColumns(row: 0, entropy: [1, 2], cosine: [0.1, 0.2])])
    record.tokens.nucleusCosine.removeLast()
    let loader = InMemoryLoader(files: [(fileURL("c/u1.attempt-0.h5"), record)])
    #expect(throws: ReduceError.inconsistentRecord(
        path: "/results/demo/units/c/u1.attempt-0.h5",
        problem: "prompts generated 2 tokens but entropy has 2 and nucleus_cosine 1 values")) {
        try Reducer(resultsFolder: resultsFolder, loader: loader).summarize()
    }
}

@Test func loaderErrorsNameTheFile() throws {
    let loader = InMemoryLoader(files: [])
    #expect(throws: ReduceError.noUnitFiles(path: "/results/demo")) {
        try Reducer(resultsFolder: resultsFolder, loader: loader).summarize()
    }
    struct Listing: UnitRecordLoader {
        func listUnitFiles(resultsFolder: URL) throws -> UnitFileListing {
            UnitFileListing(unitFiles: [fileURL("c/bad.attempt-0.h5")])
        }
        func read(_ file: URL) throws -> UnitRecord { throw InMemoryLoader.MissingFile(url: file) }
    }
    let error = #expect(throws: ReduceError.self) {
        try Reducer(resultsFolder: resultsFolder, loader: Listing()).summarize()
    }
    #expect(error?.description == "/results/demo/units/c/bad.attempt-0.h5: cannot read unit file: "
        + "/results/demo/units/c/bad.attempt-0.h5: not in the in-memory loader")
}
