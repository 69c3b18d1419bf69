import Foundation
import NucleusCore
import Scheduling
import Store
import NucleusTestSupport
import Testing
@testable import Runner

/// `nucleus run` in-process on a tiny job with the real model: files, resume, refusal of a changed
/// job, and results that do not depend on the thread count.
@Suite(.serialized)
struct JobRunTests {
    static func makeJob(in folder: URL, seed: Int = 7) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rows = """
            {"question": "Tom has 3 apples and buys 2 more. How many apples does he have?", "answer": "3 + 2 = 5\\n#### 5"}
            {"question": "A box holds 4 pens. How many pens are in 3 boxes?", "answer": "4 * 3 = 12\\n#### 12"}
            {"question": "Sara had 10 stickers and gave away 4. How many are left?", "answer": "10 - 4 = 6\\n#### 6"}

            """
        try rows.write(to: folder.appendingPathComponent("rows.jsonl"), atomically: true, encoding: .utf8)
        let model = try TestPaths.requireSmolLM2()
        let job = """
            name: tiny
            output: out
            seed: \(seed)
            unit_size: 2
            batch_size: 2
            models:
              - name: smollm2
                path: \(model)
            datasets:
              - name: math
                path: rows.jsonl
                shape: gsm8k
            techniques: [baseline]
            generation: {max_new_tokens: 6, temperature: 1.0}
            """
        let path = folder.appendingPathComponent("job.yaml").path
        try job.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func run(_ jobFile: String, output: String? = nil, threads: Int, force: Bool = false) throws -> (JobRun, RunSummary) {
        let prepared = try JobRun(jobFile: jobFile, output: output)
        try prepared.claimResultsFolder(force: force)
        let scan = try prepared.layout.scan()
        _ = prepared.discardTemporaryFiles(scan)
        let pending = prepared.pendingAssignments(scan).pending
        let runner = UnitRunner(job: prepared.job, prompts: prepared.prompts, jobHash: prepared.jobHash, layout: prepared.layout,
                                threads: threads, log: { _ in })
        return (prepared, try runInProcess(assignments: pending, executor: runner))
    }

    static func records(_ layout: ResultsLayout) throws -> [UnitRecord] {
        try layout.scan().complete.map { try UnitFileReader.read($0.url) }
    }

    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-jobrun-\(UUID().uuidString)")
    }

    @Test func runsResumesAndRefusesAChangedJob() throws {
        let folder = temporaryFolder()
        let job = try Self.makeJob(in: folder)
        let (prepared, summary) = try Self.run(job, threads: 2)
        #expect(summary.completed.count == 2 && summary.failed.isEmpty)
        let records = try Self.records(prepared.layout)
        #expect(records.count == 2)
        #expect(records.flatMap(\.prompts).map(\.row).sorted() == [0, 1, 2])
        for record in records {
            #expect(record.header.jobHash == prepared.jobHash)
            #expect(record.tokens.count == record.tokenOffsets.last)
            #expect(record.prompts.allSatisfy { $0.generatedCount >= 1 && $0.generatedCount <= 6 })
        }
        let journal = try prepared.layout.journal.read().entries
        #expect(journal.filter { $0.status == .done }.count == 2)

        // Second run: nothing left to do.
        let (_, again) = try Self.run(job, threads: 2)
        #expect(again.completed.isEmpty && again.notRun.isEmpty)

        // A changed job (new seed) into the same folder is refused, unless forced.
        let changed = try Self.makeJob(in: folder, seed: 8)
        #expect(throws: RunnerError.self) { try Self.run(changed, threads: 2) }
        #expect(try Self.records(prepared.layout).count == 2)
    }

    /// Same job, 1 thread vs 2 threads, different output folders: every token and statistic equal.
    @Test func resultsDoNotDependOnThreadCount() throws {
        let folder = temporaryFolder()
        let job = try Self.makeJob(in: folder)
        let (one, _) = try Self.run(job, output: folder.appendingPathComponent("one").path, threads: 1)
        let (two, _) = try Self.run(job, output: folder.appendingPathComponent("two").path, threads: 2)
        let first = try Self.records(one.layout), second = try Self.records(two.layout)
        #expect(first.count == 2 && second.count == 2)
        for (a, b) in zip(first, second) {
            #expect(a.header.unitID == b.header.unitID)
            #expect(a.prompts == b.prompts)
            #expect(a.tokens == b.tokens)
        }
    }
}
