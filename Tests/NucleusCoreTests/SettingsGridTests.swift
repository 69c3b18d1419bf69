import Foundation
import Testing
@testable import NucleusCore

/// `generation:` as a list of named blocks or a sweep: the settings axis of the grid.
@Suite struct SettingsGridTests {
    private static let single = "generation:\n  max_new_tokens: 8\n  temperature: 0.5\n"

    private func job(_ generation: String, in fixture: JobFixture) throws -> JobSpec {
        try fixture.load(edited(Self.single, generation))
    }

    @Test func sweepExpandsToNamedBlocksInKeyOrder() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let spec = try job("generation:\n  max_new_tokens: 8\n  top_p: [0.9, 1]\n  temperature: [0.2, 1.0]\n  samples: 2\n", in: fixture)
        #expect(spec.settingsNames == ["t0.2_p0.9", "t0.2_p1.0", "t1.0_p0.9", "t1.0_p1.0"])
        let hot = try spec.generationSettings(settings: "t1.0_p0.9")
        #expect(hot.temperature == 1.0 && hot.topP == 0.9 && hot.maxNewTokens == 8 && hot.samples == 2)
    }

    @Test func listOfNamedBlocksEachWithItsOwnSamples() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let spec = try job("""
            generation:
              - {name: greedy, temperature: 0, max_new_tokens: 8}
              - {name: hot, temperature: 1.5, max_new_tokens: 8, samples: 3}

            """, in: fixture)
        #expect(spec.settingsNames == ["greedy", "hot"])
        let plan = try JobPlan(job: spec, jobHash: "h", rowCounts: ["d": 3])
        #expect(plan.cells == [
            CellKey(model: "m", dataset: "d", technique: "baseline", settings: "greedy", sample: 0),
            CellKey(model: "m", dataset: "d", technique: "baseline", settings: "hot", sample: 0),
            CellKey(model: "m", dataset: "d", technique: "baseline", settings: "hot", sample: 1),
            CellKey(model: "m", dataset: "d", technique: "baseline", settings: "hot", sample: 2),
        ])
        #expect(plan.units.count == 8)
        #expect(plan.cells[1].directoryName == "m__d__baseline__hot__s0")
    }

    /// A single block keeps the ids, streams and hash it had before the axis existed: no settings
    /// part in any key, and no settings key in the hashed fingerprint.
    @Test func singleBlockKeepsTodaysKeys() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let spec = try fixture.load()
        #expect(spec.settingsGrid == nil)
        #expect(spec.settingsNames == [nil])
        let plan = try JobPlan(job: spec, jobHash: "abc", rowCounts: ["d": 5])
        #expect(plan.cells.allSatisfy { $0.settings == nil })
        #expect(plan.cells[0].directoryName == "m__d__baseline__s0")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let fingerprint = String(decoding: try encoder.encode(try JobFingerprint(job: spec, techniqueDefinitions: [:])),
                                 as: UTF8.self)
        #expect(!fingerprint.contains("settingsBlocks"))
    }

    /// Expected values: SHA-256 of the documented texts with the settings part (Python hashlib):
    /// unit id of "abc|m|d|baseline|t0.7|0|4..<8", stream key of
    /// "nucleus-seed-v1|1234|m|d|baseline|t0.7|0|5|0".
    @Test func settingsNameIsPartOfUnitIDAndStream() {
        let cell = CellKey(model: "m", dataset: "d", technique: "baseline", settings: "t0.7", sample: 0)
        #expect(JobPlan.unitID(jobHash: "abc", cell: cell, rows: 4..<8) == "2b9bdda520f832f9")
        #expect(Seeds.streamKey(jobSeed: 1234, cell: cell, row: 5, attempt: 0) == 15_097_184_053_183_541_745)
    }

    @Test func settingsBlocksChangeTheHashAndEachOther() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let single = try JobHash.compute(job: try fixture.load())
        let swept = try JobHash.compute(job: try job("generation:\n  max_new_tokens: 8\n  temperature: [0.5]\n", in: fixture))
        let two = try JobHash.compute(job: try job("generation:\n  max_new_tokens: 8\n  temperature: [0.5, 0.7]\n", in: fixture))
        #expect(Set([single, swept, two]).count == 3)
    }

    @Test(arguments: [
        ("generation:\n  max_new_tokens: 8\n  temperature: []\n",
         "job.yaml:15: generation.temperature: expected a value or a non-empty list of values to sweep, got an empty list"),
        ("generation:\n  temperature: [0.5, 0.5]\n",
         "job.yaml:14: generation.temperature[1]: duplicate settings name 't0.5' (already used by generation.temperature[0])"),
        ("generation:\n  - {name: a, temperature: 0}\n  - {name: a, temperature: 1}\n",
         "job.yaml:15: generation[1].name: duplicate settings name 'a' (already used by generation[0].name)"),
        ("generation: []\n", "job.yaml:13: generation: expected at least one settings block, got an empty list"),
        ("generation:\n  - {temperature: 0}\n", "job.yaml:14: generation[0]: a settings block in a list needs a name (e.g. name: greedy)"),
        ("generation:\n  - {name: 'a b', temperature: 0}\n",
         "job.yaml:14: generation[0].name: expected a name of letters, digits, '.', '_' and '-', got 'a b'"),
        ("generation:\n  - {name: a, temperature: -1}\n",
         "job.yaml:14: generation[0].temperature: expected a number ≥ 0, got '-1'"),
        ("generation:\n  - {name: a, temprature: 1}\n",
         "job.yaml:14: generation[0].temprature: unknown key (expected one of: name, max_new_tokens, temperature, top_k, top_p, min_p, repetition_penalty, no_repeat_ngram_size, stop, samples, chat)"),
    ])
    func badSettingsAreErrorsWithFileAndLine(generation: String, expected: String) throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let message = try #require(fixture.loadError(edited(Self.single, generation)))
        #expect(message == fixture.jobPath.replacingOccurrences(of: "job.yaml", with: "") + expected)
    }
}
