import Foundation
import NucleusCore
import Store
import Testing
@testable import Reduce

/// The reducer never pools unit files that do not belong together: one job hash per folder (the
/// one in job.json), one generation and analysis setting per report row. Real HDF5 files.
@Suite struct ReduceConsistencyTests {
    @Test func filesOfAnotherJobStopTheReduceNamingJobJSONAndTheFile() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2)
        try folder.writePlan([u1])
        try folder.write(u1)
        // The same prompts (rows 0 and 1) from another job: different unit id, so without the
        // check both attempts would count.
        let foreign = ResultsFolderFixture.unit(0..<2, jobHash: "jobB")
        let foreignFile = try folder.write(foreign, jobHash: "jobB")
        try folder.writeOldReport(marker: "old report")
        #expect(throws: ReduceError.mixedJobs(firstPath: folder.layout.jobStampURL.path, firstHash: "jobA",
                                              secondPath: foreignFile.path, secondHash: "jobB")) {
            try folder.reducer().run()
        }
        // A stopped reduce leaves the old report untouched and no staging folder behind.
        #expect(try folder.read("report/summary.md") == "old report")
        #expect(folder.exists("report/entropy_cosine_retired-technique.svg"))
        #expect(try folder.topLevelNames() == ["job.json", "report", "units"])
    }

    @Test func withoutJobJSONTwoFilesOfDifferentJobsAreNamed() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let a = try folder.write(ResultsFolderFixture.unit(0..<2))
        let b = try folder.write(ResultsFolderFixture.unit(2..<4, jobHash: "jobB"), jobHash: "jobB")
        let error = try #require(throws: ReduceError.self) { try folder.reducer().summarize() }
        // Listing is by path; the unit ids (hashes) decide which file comes first.
        let (first, second) = a.path < b.path ? (a, b) : (b, a)
        let (firstHash, secondHash) = a.path < b.path ? ("jobA", "jobB") : ("jobB", "jobA")
        #expect(error == .mixedJobs(firstPath: first.path, firstHash: firstHash, secondPath: second.path, secondHash: secondHash))
        #expect(error.description.contains("--split-mismatched"))
    }

    @Test func splitMismatchedReportsEachJobAsItsOwnGroupAndCountsNoPromptTwice() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(2..<4)
        try folder.writePlan([u1, u2])
        try folder.write(u1)
        try folder.write(u2)
        try folder.write(ResultsFolderFixture.unit(0..<2, jobHash: "jobB"), jobHash: "jobB")
        let outcome = try folder.reducer(split: true).run()
        #expect(outcome.groups.map(\.jobHash) == ["jobA", "jobB"])
        #expect(outcome.groups.map(\.prompts) == [4, 2])
        #expect(outcome.groups.map(\.group) == ["group-1", "group-2"])
        // Every planned unit of job.json's job was read: the report is complete.
        #expect(!outcome.isPartial)
        for group in ["group-1", "group-2"] {
            #expect(folder.exists("report/\(group)/summary.md") && folder.exists("report/\(group)/correlation.csv"))
        }
        let index = try folder.read("report/summary.md")
        #expect(index.contains("split into 2 groups"))
        #expect(index.contains("[group-1](group-1/summary.md) | demo | `jobA`"))
        #expect(index.contains("[group-2](group-2/summary.md) | demo | `jobB`"))
        #expect(try folder.read("report/group-2/summary.md").contains("- Job hash: `jobB`"))
        // The folder-level report of the old layout is gone.
        #expect(!folder.exists("report/correlation.csv"))
    }

    @Test func oneRowWithTwoAnalysisSettingsStopsTheReduce() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(2..<4)
        try folder.writePlan([u1, u2])
        let otherAnalysis = #"{"attention_entropy":false,"full_distribution":false,"top_k":20,"top_p":0.95}"#
        let a = try folder.write(u1)
        let b = try folder.write(u2, analysis: otherAnalysis)
        let (first, second) = a.path < b.path ? (a, b) : (b, a)
        let (firstValue, secondValue) = a.path < b.path
            ? (ResultsFolderFixture.analysis, otherAnalysis) : (otherAnalysis, ResultsFolderFixture.analysis)
        #expect(throws: ReduceError.mixedSettings(row: "m1 × gsm8k × cot", setting: "analysis",
                                                  firstPath: first.path, firstValue: firstValue,
                                                  secondPath: second.path, secondValue: secondValue)) {
            try folder.reducer().run()
        }
        #expect(!folder.exists("report"))

        let outcome = try folder.reducer(split: true).run()
        #expect(outcome.groups.count == 2)
        #expect(Set(outcome.groups.map { $0.rowSettings.map(\.analysisDescription) })
                == [["nucleus top-p 0.9, top-K 20"], ["nucleus top-p 0.95, top-K 20"]])
        #expect(outcome.groups.map(\.prompts) == [2, 2])
        #expect(!outcome.isPartial)
    }

    @Test func oneRowWithTwoGenerationSettingsStopsTheReduce() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let a = try folder.write(ResultsFolderFixture.unit(0..<2))
        let b = try folder.write(ResultsFolderFixture.unit(2..<4), generation: #"{"temperature":1.0}"#)
        let error = try #require(throws: ReduceError.self) { try folder.reducer().summarize() }
        guard case .mixedSettings(let row, let setting, let firstPath, _, let secondPath, _) = error else {
            Issue.record("expected mixedSettings, got \(error)")
            return
        }
        #expect(row == "m1 × gsm8k × cot" && setting == "generation")
        #expect(Set([firstPath, secondPath]) == [a.path, b.path])
    }

    @Test func differentGenerationSettingsInDifferentRowsAreFine() throws {
        // Each model's generation_config.json may fill different defaults: rows differ, cells do not.
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(0..<2, model: "m2")
        try folder.writePlan([u1, u2])
        try folder.write(u1)
        try folder.write(u2, generation: #"{"temperature":1.0}"#)
        let summary = try folder.reducer().summarize()
        #expect(summary.rowSettings.map(\.generationJSON) == [ResultsFolderFixture.generation, #"{"temperature":1.0}"#])
        #expect(!summary.isPartial)
    }

    @Test func rerunAttemptsOfTheSameJobAreMergedNotMixed() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2)
        try folder.writePlan([u1])
        try folder.write(u1)
        try folder.write(u1, attempt: 2, rows: [1])
        let summary = try folder.reducer().summarize()
        #expect((summary.prompts, summary.promptsReplaced, summary.unitFilesRead) == (2, 1, 2))
        #expect(!summary.isPartial && summary.plan.missingUnits.isEmpty)
        // Row 1's tokens come from attempt 2 (entropy + 0.02), row 0's from attempt 1.
        let row0: [Double] = [0.51, 1.01, 1.51], row1: [Double] = [0.77, 1.27, 1.77]
        let expected = (row0 + row1).reduce(0, +) / 6
        #expect(abs(try #require(summary.correlations.first).meanEntropy - expected) < 1e-12)
    }
}
