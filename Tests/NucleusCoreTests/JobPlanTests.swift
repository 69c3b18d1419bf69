import Foundation
import Testing
@testable import NucleusCore

@Suite struct JobPlanTests {
    @Test func splitsCellsIntoUnitsInPlanOrder() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        var job = try fixture.load(edited("techniques: [baseline]", "techniques: [baseline, completion]"))
        job.generation.samples = 2
        let plan = try JobPlan(job: job, jobHash: "h", rowCounts: ["d": 5])
        #expect(plan.cells == [
            CellKey(model: "m", dataset: "d", technique: "baseline", sample: 0),
            CellKey(model: "m", dataset: "d", technique: "baseline", sample: 1),
            CellKey(model: "m", dataset: "d", technique: "completion", sample: 0),
            CellKey(model: "m", dataset: "d", technique: "completion", sample: 1),
        ])
        #expect(plan.units.count == 12)
        #expect(plan.units(in: plan.cells[2]).map(\.rows) == [0..<2, 2..<4, 4..<5])
        #expect(Set(plan.units.map(\.id)).count == 12)
    }

    /// A dataset's `techniques:` keeps only those cells of it; the other dataset keeps every technique.
    @Test func aDatasetRunsOnlyItsTechniques() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let second = "    shape: gsm8k\n  - name: e\n    path: d.jsonl\n    shape: gsm8k\n    techniques: [completion]\n"
        let yaml = edited("techniques: [baseline]", "techniques: [baseline, completion]")
            .replacingOccurrences(of: "    shape: gsm8k\n", with: second)
        let job = try fixture.load(yaml)
        let plan = try JobPlan(job: job, jobHash: "h", rowCounts: ["d": 5, "e": 3])
        #expect(plan.cells.map { "\($0.dataset)/\($0.technique)" } == ["d/baseline", "d/completion", "e/completion"])
        #expect(plan.units.count == 3 + 3 + 2)
        let everyTechnique = try fixture.load(yaml.replacingOccurrences(of: "    techniques: [completion]\n", with: ""))
        #expect(try JobHash.compute(job: job) != JobHash.compute(job: everyTechnique))
    }

    /// Unit id = first 16 hex digits of SHA-256("abc|m|d|baseline|0|4..<8"), computed with Python's hashlib.
    @Test func unitIDMatchesItsDefinition() {
        let cell = CellKey(model: "m", dataset: "d", technique: "baseline", sample: 0)
        #expect(JobPlan.unitID(jobHash: "abc", cell: cell, rows: 4..<8) == "a7a8a642195fb181")
    }

    /// Found by the job fuzz: `samples: 9223372036854775807` planned forever.
    @Test func aGridTooLargeToPlanIsRefusedBeforePlanning() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        var job = try fixture.load()
        for samples in [Int.max, 1_000_000_000, JobPlan.maxUnits / 3 + 1] {
            job.generation.samples = samples
            let error = #expect(throws: PlanError.self) { try JobPlan(job: job, jobHash: "h", rowCounts: ["d": 5]) }
            #expect(error?.message.contains("at most \(JobPlan.maxUnits)") == true)
        }
    }

    @Test func missingRowCountIsAnError() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let job = try fixture.load()
        #expect(throws: PlanError(job: fixture.jobPath, message: "no row count for dataset 'd'")) {
            try JobPlan(job: job, jobHash: "h", rowCounts: [:])
        }
    }
}

@Suite struct JobHashTests {
    private func hash(of yaml: String, in fixture: JobFixture) throws -> String {
        try JobHash.compute(job: try fixture.load(yaml))
    }

    @Test func sameJobSameHashAndIDs() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let job = try fixture.load()
        let first = try JobPlan(job: job, jobHash: try JobHash.compute(job: job), rowCounts: ["d": 5])
        let second = try JobPlan(job: job, jobHash: try JobHash.compute(job: job), rowCounts: ["d": 5])
        #expect(first == second)
        #expect(first.jobHash.count == 64)
    }

    @Test func outputFolderAndJobLocationDoNotMatter() throws {
        let here = try JobFixture()
        let elsewhere = try JobFixture()
        defer { here.remove(); elsewhere.remove() }
        let original = try hash(of: JobFixture.baseYAML, in: here)
        #expect(try hash(of: edited("output: out", "output: /somewhere/else"), in: here) == original)
        #expect(try hash(of: JobFixture.baseYAML, in: elsewhere) == original)
    }

    @Test(arguments: [
        ("seed: 7", "seed: 8"),
        ("temperature: 0.5", "temperature: 0.6"),
        ("max_new_tokens: 8", "max_new_tokens: 9"),
        ("unit_size: 2", "unit_size: 3"),
        ("techniques: [baseline]", "techniques: [completion]"),
        ("shape: gsm8k", "shape: gsm8k\n    limit: 3"),
        ("name: t", "name: t2"),
    ])
    func semanticChangesChangeTheHash(old: String, new: String) throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        #expect(try hash(of: edited(old, new), in: fixture) != hash(of: JobFixture.baseYAML, in: fixture))
    }

    @Test func changedSeedChangesUnitIDs() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let before = try fixture.load()
        let after = try fixture.load(edited("seed: 7", "seed: 8"))
        let idsBefore = try JobPlan(job: before, jobHash: JobHash.compute(job: before), rowCounts: ["d": 5]).units.map(\.id)
        let idsAfter = try JobPlan(job: after, jobHash: JobHash.compute(job: after), rowCounts: ["d": 5]).units.map(\.id)
        #expect(idsBefore.count == 3)
        #expect(Set(idsBefore).isDisjoint(with: idsAfter))
    }

    @Test func datasetContentAndModelSizeChangeTheHash() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let original = try hash(of: JobFixture.baseYAML, in: fixture)
        let otherRow = "{\"question\": \"other\", \"answer\": \"#### 1\"}"
        try Data(otherRow.utf8).write(to: fixture.directory.appendingPathComponent("d.jsonl"))
        let newData = try hash(of: JobFixture.baseYAML, in: fixture)
        #expect(newData != original)
        try Data("GGUF fake, longer".utf8).write(to: fixture.directory.appendingPathComponent("model.gguf"))
        #expect(try hash(of: JobFixture.baseYAML, in: fixture) != newData)
    }

    @Test func resolvedTechniqueDefinitionsChangeTheHash() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let job = try fixture.load()
        #expect(try JobHash.compute(job: job, techniqueDefinitions: ["baseline": "v1"])
            != JobHash.compute(job: job, techniqueDefinitions: ["baseline": "v2"]))
    }
}

@Suite struct SeedTests {
    /// Expected values: SHA-256 of the documented text, first 8 bytes big-endian (Python hashlib).
    @Test func streamKeyMatchesItsDefinition() {
        let cell = CellKey(model: "m", dataset: "d", technique: "baseline", sample: 0)
        #expect(Seeds.streamKey(jobSeed: 1234, cell: cell, row: 5, attempt: 0) == 16_284_403_325_226_260_686)
        #expect(Seeds.streamKey(jobSeed: 1234, cell: cell, row: 5, attempt: 1) == 10_373_484_370_416_999_283)
    }

    /// Reference outputs of SplitMix64 seeded with 1234567.
    @Test func splitMix64ReferenceSequence() {
        var generator = SplitMix64(seed: 1_234_567)
        #expect([generator.next(), generator.next(), generator.next()]
            == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }
}
