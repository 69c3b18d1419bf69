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

@Test func aSecondFileWithTheSameAttemptIsSkippedWholeAndReported() throws {
    let a = makeRecord(unit: "u1", attempt: 1, prompts: [PromptColumns(row: 4, entropy: [1], cosine: [0.5])])
    let b = makeRecord(unit: "u1", attempt: 1, prompts: [
        PromptColumns(row: 3, entropy: [2], cosine: [0.6]), PromptColumns(row: 4, entropy: [3], cosine: [0.7]),
    ])
    let loader = InMemoryLoader(files: [(fileURL("c/u1.attempt-1.h5"), a), (fileURL("d/u1.attempt-1.h5"), b)])
    let summary = try Reducer(resultsFolder: resultsFolder, loader: loader).summarize()
    #expect(summary.skippedFiles == [SkippedFile(
        file: fileURL("d/u1.attempt-1.h5"),
        reason: "unit u1 row 4 attempt 1 is also in /results/demo/units/c/u1.attempt-1.h5")])
    // Nothing of the skipped file is used, not even its row 3.
    #expect(summary.prompts == 1 && summary.unitFilesRead == 1)
    #expect(summary.correlations.first?.tokens == 1)
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

@Test func inconsistentOrUnreadableFilesAreSkippedNamedAndCounted() throws {
    var broken = makeRecord(unit: "u1", attempt: 0, prompts: [PromptColumns(row: 0, entropy: [1, 2], cosine: [0.1, 0.2])])
    broken.tokens.nucleusCosine.removeLast()
    let good = makeRecord(unit: "u2", attempt: 0, prompts: [PromptColumns(row: 0, entropy: [1, 2, 3], cosine: [0.3, 0.2, 0.1])])
    struct Loader: UnitRecordLoader {
        var inner: InMemoryLoader
        func listUnitFiles(resultsFolder: URL) throws -> UnitFileListing {
            var listing = try inner.listUnitFiles(resultsFolder: resultsFolder)
            listing.unitFiles.insert(fileURL("c/gone.attempt-0.h5"), at: 0)
            return listing
        }
        func read(_ file: URL) throws -> UnitRecord { try inner.read(file) }
    }
    let loader = Loader(inner: InMemoryLoader(files: [(fileURL("c/u1.attempt-0.h5"), broken), (fileURL("c/u2.attempt-0.h5"), good)]))
    let summary = try Reducer(resultsFolder: resultsFolder, loader: loader).summarize()
    #expect(summary.skippedFiles == [
        SkippedFile(file: fileURL("c/gone.attempt-0.h5"), reason: "not in the in-memory loader"),
        SkippedFile(file: fileURL("c/u1.attempt-0.h5"),
                    reason: "inconsistent record: prompts generated 2 tokens but entropy has 2 and nucleus_cosine 1 values"),
    ])
    #expect(summary.unitFilesRead == 1 && summary.prompts == 1)
    #expect(summary.correlations.first?.tokens == 3)
    #expect(summary.commandLineReport.joined(separator: "\n").contains("skipped 2 unusable unit files:\n  /results/demo/units/c/gone.attempt-0.h5: not in the in-memory loader"))
}

@Test func aFolderWithoutUnitFilesSaysSo() {
    #expect(throws: ReduceError.noUnitFiles(path: "/results/demo")) {
        try Reducer(resultsFolder: resultsFolder, loader: InMemoryLoader(files: [])).summarize()
    }
}
