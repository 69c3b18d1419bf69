import ArgumentParser
import Foundation
import NucleusCore
import Store
import Testing
@testable import Reduce
@testable import ReduceArguments

/// The units on disk against job.json's plan, the report folder swap, and the exit status.
@Suite struct ReduceCompletenessTests {
    @Test func aCompleteReduceSaysSoWithTheJobHashAndAnalysisSettings() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(2..<4)
        try folder.writePlan([u1, u2])
        try folder.write(u1)
        try folder.write(u2)
        let outcome = try folder.reducer().run()
        #expect(!outcome.isPartial && outcome.partialWarning == nil)
        #expect(outcome.plan == PlanCheck(unavailable: nil, jobHash: "jobA", plannedUnits: 2, missingUnits: []))
        let summary = try folder.read("report/summary.md")
        #expect(summary.contains("- Job hash: `jobA`"))
        #expect(summary.contains("- Analysis settings: nucleus top-p 0.9, top-K 20"))
        #expect(summary.contains("- Report: complete: every one of the 2 planned units read"))
        #expect(summary.contains("| m1 | gsm8k | cot | `\(ResultsFolderFixture.generation)` | `\(ResultsFolderFixture.analysis)` |"))
        let json = try JSONSerialization.jsonObject(with: Data(try folder.read("report/reduce.json").utf8)) as? [String: Any]
        #expect(json?["status"] as? String == "complete")
        #expect(json?["job_hash"] as? String == "jobA")
        // A generation-only folder: the study tables are there, empty (ranking null), for scripts to rely on.
        #expect((json?["scoring"] as? [Any])?.isEmpty == true && (json?["simpleqa"] as? [Any])?.isEmpty == true)
        #expect(json?["ranking"] is NSNull)
    }

    @Test func aMissingUnitIsListedAndMakesTheReportPartial() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(2..<4), u3 = ResultsFolderFixture.unit(4..<6)
        try folder.writePlan([u1, u2, u3])
        try folder.write(u1)
        // u2 has only a rerun of row 3 (its first attempt is gone); u3 has no file at all.
        try folder.write(u2, attempt: 2, rows: [3])
        let outcome = try folder.reducer().run()
        #expect(outcome.plan.missingUnits == [
            MissingUnit(unitID: u2.id, cell: u2.cell, rows: [2, 3], missingRows: [2]),
            MissingUnit(unitID: u3.id, cell: u3.cell, rows: [4, 5], missingRows: [4, 5]),
        ])
        #expect(outcome.partialReasons == ["2 of 3 planned units not read in full"])
        let warning = try #require(outcome.partialWarning)
        #expect(warning.contains("missing: unit \(u2.id) (m1 × gsm8k × cot (sample 0), dataset rows 2–3): rows 2 not read"))
        #expect(warning.contains("missing: unit \(u3.id) (m1 × gsm8k × cot (sample 0), dataset rows 4–5): no readable file"))
        let summary = try folder.read("report/summary.md")
        #expect(summary.contains("- Report: **partial**: 2 of 3 planned units not read in full"))
        #expect(summary.contains("## Missing units"))
        #expect(summary.contains("- unit \(u3.id) (m1 × gsm8k × cot (sample 0), dataset rows 4–5): no readable file"))
        let json = try JSONSerialization.jsonObject(with: Data(try folder.read("report/reduce.json").utf8)) as? [String: Any]
        #expect(json?["status"] as? String == "partial")
    }

    @Test func plannedPositionsMapToDatasetRowsOfAStartOffset() throws {
        // A dataset with `start: 100`: plan positions 0..<2 are file rows 100 and 101.
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(2..<4)
        try folder.layout.writeJobStamp(JobStamp(jobName: "demo", jobHash: "jobA", plannedUnits: [u1, u2],
                                                 datasetRows: ["gsm8k": [100, 101, 102, 103]], nucleusVersion: "0.0.0-test"))
        try folder.write(u1, rows: [100, 101])
        try folder.write(u2, rows: [102])
        let summary = try folder.reducer().summarize()
        #expect(summary.plan.missingUnits == [MissingUnit(unitID: u2.id, cell: u2.cell, rows: [102, 103], missingRows: [103])])
    }

    @Test func aDamagedFileMakesTheReportPartial() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(2..<4)
        try folder.writePlan([u1, u2])
        try folder.write(u1)
        let damaged = try folder.write(u2)
        let bytes = try Data(contentsOf: damaged)
        try bytes.prefix(bytes.count - 10).write(to: damaged)
        let outcome = try folder.reducer().run()
        #expect(outcome.partialReasons == ["1 of 2 planned units not read in full", "1 unusable unit files skipped"])
        #expect(outcome.groups[0].skippedFiles.map(\.file) == [damaged])
    }

    @Test func aUnitFileWithoutTheSealIsSkippedUnopened() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(2..<4)
        try folder.writePlan([u1, u2])
        try folder.write(u1)
        // The HDF5 part alone, its signature at byte 0: what another tool's file looks like.
        let unsealed = try folder.write(u2)
        try Data(try Data(contentsOf: unsealed).dropFirst(512)).write(to: unsealed)
        let summary = try folder.reducer().summarize()
        #expect(summary.skippedFiles.map(\.file) == [unsealed])
        #expect(summary.skippedFiles.first?.reason.hasPrefix("HDF5 file without Nucleus' seal") == true)
        #expect(summary.plan.missingUnits.map(\.unitID) == [u2.id])
    }

    @Test func withoutAPlanTheReportIsPartial() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        try folder.write(ResultsFolderFixture.unit(0..<2))
        let summary = try folder.reducer().summarize()
        #expect(summary.partialReasons == ["no job.json in the results folder: whether every planned unit was read cannot be checked"])
    }

    @Test func aDamagedPlanStopsTheReduce() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        try folder.write(ResultsFolderFixture.unit(0..<2))
        try Data("{not json".utf8).write(to: folder.layout.jobStampURL)
        let error = try #require(throws: ReduceError.self) { try folder.reducer().summarize() }
        #expect(error.description.hasPrefix(folder.layout.jobStampURL.path + ": cannot read the job's plan: not a job stamp"))
    }

    @Test func aReReduceLeavesNoStaleReportFile() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        // No numeric references: this reduce writes no accuracy table, so the old one must go.
        let u1 = ResultsFolderFixture.unit(0..<2, dataset: "xsum")
        try folder.writePlan([u1])
        try folder.write(u1, reference: "a summary")
        try folder.writeOldReport(marker: "old report")
        let outcome = try folder.reducer().run()
        #expect(!folder.exists("report/entropy_cosine_retired-technique.svg"))
        #expect(!folder.exists("report/accuracy.csv"))
        #expect(try folder.read("report/summary.md").hasPrefix("# Nucleus reduce: demo"))
        #expect(try folder.topLevelNames() == ["job.json", "report", "units"])
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.root.appendingPathComponent("report").path)
        #expect(Set(written) == Set(outcome.reportFiles.map(\.lastPathComponent)))
        #expect(outcome.reportFiles.allSatisfy { $0.deletingLastPathComponent().lastPathComponent == "report" })
    }

    // MARK: exit status (the command line of `nucleus reduce` and `nucleus-reduce`)

    private func exitCode(_ arguments: [String]) -> Int32 {
        do {
            let command = try ReduceArguments.parse(arguments)
            try command.validate()
            try command.reduce()
            return 0
        } catch {
            return ReduceArguments.exitCode(for: error).rawValue
        }
    }

    @Test func exitStatusIsZeroOnlyForACompleteReport() throws {
        let folder = try ResultsFolderFixture()
        defer { folder.remove() }
        let u1 = ResultsFolderFixture.unit(0..<2), u2 = ResultsFolderFixture.unit(2..<4)
        try folder.writePlan([u1, u2])
        try folder.write(u1)
        let quick = [folder.root.path, "--no-png", "--bootstrap-replicates", "10"]
        #expect(exitCode(quick) == ReduceExitStatus.partial)
        #expect(ReduceExitStatus.partial == 3)
        #expect(exitCode(quick + ["--allow-partial"]) == 0)
        try folder.write(u2)
        #expect(exitCode(quick) == 0)
        // Files of another job: the reduce stops (status 1) unless split into groups.
        try folder.write(ResultsFolderFixture.unit(4..<6, jobHash: "jobB"), jobHash: "jobB")
        #expect(exitCode(quick) == ReduceExitStatus.failed)
        #expect(exitCode(quick + ["--split-mismatched"]) == 0)
        // A bad command line is ArgumentParser's usage error.
        #expect(exitCode([folder.root.path, "--bootstrap-replicates", "0"]) == 64)
    }
}
