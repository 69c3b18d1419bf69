import Foundation
import Scheduling
import Store
import Testing
@testable import Runner

/// Runs every pending unit of the job file in this process (one thread), expects exactly one unit
/// to complete, and returns its record as read back from the unit file.
func runSingleUnitJob(_ jobFile: String) throws -> UnitRecord {
    let prepared = try JobRun(jobFile: jobFile)
    try prepared.claimResultsFolder(force: false)
    let pending = prepared.pendingAssignments(try prepared.layout.scan()).pending
    #expect(pending.count == 1)
    let runner = UnitRunner(job: prepared.job, prompts: prepared.prompts, jobHash: prepared.jobHash,
                            layout: prepared.layout, threads: 1, log: { _ in })
    let summary = try runInProcess(assignments: pending, executor: runner)
    #expect(summary.completed.count == 1 && summary.failed.isEmpty)
    return try UnitFileReader.read(try #require(try prepared.layout.scan().complete.first).url)
}
