import Foundation
import NucleusCore
import Store
@testable import Reduce

/// A results folder on disk with real HDF5 unit files (written by Store's writer) and a
/// `job.json` plan, for the reducer's consistency, completeness and report-folder tests.
struct ResultsFolderFixture {
    static let analysis = #"{"attention_entropy":false,"full_distribution":false,"top_k":20,"top_p":0.9}"#
    static let generation = #"{"max_new_tokens":16,"temperature":0.7,"top_p":0.95}"#

    let root: URL
    var layout: ResultsLayout { ResultsLayout(root: root) }

    init() throws { root = try makeTemporaryFolder() }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// A unit of `jobHash` with the stable id `nucleus run` would give it.
    static func unit(_ rows: Range<Int>, model: String = "m1", dataset: String = "gsm8k", technique: String = "cot",
                     jobHash: String = "jobA") -> WorkUnit {
        let cell = CellKey(model: model, dataset: dataset, technique: technique)
        return WorkUnit(id: JobPlan.unitID(jobHash: jobHash, cell: cell, rows: rows), cell: cell, rows: rows)
    }

    func writePlan(_ units: [WorkUnit], jobHash: String = "jobA") throws {
        try layout.writeJobStamp(JobStamp(jobName: "demo", jobHash: jobHash, plannedUnits: units, nucleusVersion: "0.0.0-test"))
    }

    /// Writes attempt `attempt` of `unit` holding `rows` (default: all of the unit's rows). Each
    /// row generates three tokens; every answer is "#### 4", graded against `reference`.
    @discardableResult
    func write(_ unit: WorkUnit, attempt: Int = 1, rows: [Int]? = nil, jobHash: String = "jobA", reference: String = "#### 4",
               generation: String = ResultsFolderFixture.generation, analysis: String = ResultsFolderFixture.analysis) throws -> URL {
        let rows = rows ?? Array(unit.rows)
        let header = UnitHeader(
            complete: true, nucleusVersion: "0.0.0-test", jobName: "demo", jobHash: jobHash, unitID: unit.id,
            attempt: attempt, model: ModelIdentity(name: unit.cell.model, path: "/models/m", architecture: "llama", sha256: "00"),
            dataset: unit.cell.dataset, technique: unit.cell.technique, sample: unit.cell.sample, seed: 7,
            generationJSON: generation, analysisJSON: analysis, host: "host", rank: 1,
            started: "2025-01-01T00:00:00Z", finished: "2025-01-01T00:01:00Z")
        let perPrompt = 3, topK = 2
        let n = rows.count * perPrompt
        var tokens = TokenColumns(topK: topK)
        tokens.tokenID = (0..<n).map { Int32($0 + 10) }
        tokens.logprob = (0..<n).map { -0.1 * Double($0 % perPrompt + 1) }
        tokens.rank = Array(repeating: 1, count: n)
        tokens.entropy = rows.flatMap { row in [0.5, 1.0, 1.5].map { $0 + Double(row) * 0.25 + Double(attempt) * 0.01 } }
        tokens.varentropy = Array(repeating: 0.2, count: n)
        tokens.nucleusSize = Array(repeating: 3, count: n)
        tokens.nucleusMass = Array(repeating: 0.92, count: n)
        tokens.nucleusEntropy = Array(repeating: 0.4, count: n)
        tokens.nucleusCosine = rows.flatMap { row in [0.30, 0.25, 0.10].map { $0 + Double(row) * 0.01 } }
        tokens.nucleusCosineWeighted = tokens.nucleusCosine
        tokens.topkIDs = (0..<(n * topK)).map { Int32($0) }
        tokens.topkLogprobs = (0..<(n * topK)).map { Float(-0.5 * Double($0 % topK + 1)) }
        let prompts = rows.map {
            PromptRecord(row: $0, promptText: "q\($0)", reference: reference, completionText: "so #### 4",
                         finishReason: "eos", promptTokenCount: 5, generatedCount: perPrompt)
        }
        let url = layout.unitFileURL(cell: unit.cell, unitID: unit.id, attempt: attempt)
        try UnitFileWriter().write(UnitRecord(header: header, prompts: prompts, tokens: tokens), to: url)
        return url
    }

    func reducer(split: Bool = false) -> Reducer {
        Reducer.forResults(root.path, settings: ReduceSettings(bootstrap: BootstrapOptions(replicates: 20, seed: 1),
                                                               writePNG: false, splitMismatched: split))
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    /// Names in the results folder itself (e.g. to see that no `report.tmp-*` was left behind).
    func topLevelNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    }

    /// Puts an earlier report in place: a summary with `marker` and a figure no reduce writes.
    func writeOldReport(marker: String) throws {
        let report = root.appendingPathComponent("report", isDirectory: true)
        try FileManager.default.createDirectory(at: report, withIntermediateDirectories: true)
        try Data(marker.utf8).write(to: report.appendingPathComponent("summary.md"))
        try Data("<svg/>".utf8).write(to: report.appendingPathComponent("entropy_cosine_retired-technique.svg"))
        try Data("model,dataset\nold,old\n".utf8).write(to: report.appendingPathComponent("accuracy.csv"))
    }
}
