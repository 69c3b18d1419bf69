import Foundation
import Testing
@testable import NucleusCore

/// `task: generate | score | rank` on a dataset entry and `analysis.average_distribution`: decoded
/// strictly, defaults (generate, off) leave the job hash as it was, and combinations that would
/// silently repeat or ignore work are refused with the file, line and key.
@Suite final class DatasetTaskTests {
    let fixture: JobFixture
    var file: String { fixture.jobPath }

    init() throws { fixture = try JobFixture() }
    deinit { fixture.remove() }

    static func withTask(_ value: String, extra: String = "") -> String {
        edited("    shape: gsm8k\n", "    shape: gsm8k\n    task: \(value)\n\(extra)")
    }

    static func fingerprint(_ job: JobSpec) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(JobFingerprint(job: job, techniqueDefinitions: [:])), as: UTF8.self)
    }

    @Test func defaultsToGenerateAndDecodesScore() throws {
        #expect(try fixture.load().datasets.map(\.task) == [.generate])
        #expect(try fixture.load(Self.withTask("score")).datasets.map(\.task) == [.score])
        #expect(try fixture.load().analysis.averageDistribution == false)
    }

    @Test func unknownTaskNamesTheChoicesAndTheLine() {
        #expect(fixture.loadError(Self.withTask("summarise"))
            == "\(file):12: datasets[0].task: expected one of generate | score | rank, got 'summarise'")
    }

    @Test func rankNeedsItsRankingBlock() {
        let error = fixture.loadError(Self.withTask("rank"))
        #expect(error?.hasPrefix("\(file):") == true)
        #expect(error?.contains("datasets[0].task: task rank needs a ranking: block") == true)
    }

    /// The fingerprint of a generate job carries no `task` and no `average_distribution` key: byte
    /// for byte what it was before they existed.
    @Test func defaultsLeaveTheFingerprintAsItWas() throws {
        let base = try Self.fingerprint(fixture.load())
        #expect(!base.contains("task"))
        #expect(!base.contains("average_distribution"))
        #expect(try Self.fingerprint(fixture.load(Self.withTask("generate"))) == base)
        let off = edited("  temperature: 0.5\n", "  temperature: 0.5\nanalysis: {average_distribution: false}\n")
        #expect(try Self.fingerprint(fixture.load(off)) == base)
        #expect(try Self.fingerprint(fixture.load(Self.withTask("score"))).contains("\"task\":\"score\""))
        let on = edited("  temperature: 0.5\n", "  temperature: 0.5\nanalysis: {average_distribution: true}\n")
        #expect(try Self.fingerprint(fixture.load(on)).contains("\"average_distribution\":true"))
    }

    @Test func scoreRefusesWhatDoesNotApply() {
        #expect(fixture.loadError(Self.withTask("score", extra: "    instruction: Solve it.\n"))
            == "\(file):13: datasets[0].instruction: task score reads each text as written: an instruction does not apply")
        let twoTechniques = Self.withTask("score").replacingOccurrences(of: "techniques: [baseline]", with: "techniques: [baseline, completion]")
        #expect(fixture.loadError(twoTechniques)?.contains("techniques: a job with a task: score dataset takes exactly one technique") == true)
        let samples = Self.withTask("score").replacingOccurrences(of: "  temperature: 0.5\n", with: "  temperature: 0.5\n  samples: 3\n")
        #expect(fixture.loadError(samples)?.contains("generation.samples: a job with a task: score dataset takes samples: 1") == true)
        let sweep = Self.withTask("score").replacingOccurrences(of: "  temperature: 0.5\n", with: "  temperature: [0.2, 1.0]\n")
        #expect(fixture.loadError(sweep)?.contains(
            "generation: a job with a task: score dataset takes one generation settings block (scoring samples nothing; each block would repeat the same scores), got 2") == true)
        let textColumn = edited("    shape: gsm8k\n", "    shape: gsm8k\n    columns: {text: question}\n")
        #expect(fixture.loadError(textColumn)?.contains("datasets[0].columns.text: columns.text names the text of task: score") == true)
    }

    /// The same refusals as scoring, in the words of ranking (one shared check serves both).
    @Test func rankRefusesWhatDoesNotApply() {
        let ranked = Self.withTask("rank", extra: "    ranking: {slots: groups.csv, candidates: [flu, asthma]}\n")
        #expect(fixture.loadError(Self.withTask("rank", extra: "    ranking: {slots: groups.csv, candidates: [flu]}\n    instruction: Solve it.\n"))
            == "\(file):14: datasets[0].instruction: task rank reads each filled template as written: an instruction does not apply")
        let twoTechniques = ranked.replacingOccurrences(of: "techniques: [baseline]", with: "techniques: [baseline, completion]")
        #expect(fixture.loadError(twoTechniques)?.contains(
            "techniques: a job with a task: rank dataset takes exactly one technique (techniques do not apply to filled templates; each would repeat the same rankings), got 2") == true)
        let samples = ranked.replacingOccurrences(of: "  temperature: 0.5\n", with: "  temperature: 0.5\n  samples: 3\n")
        #expect(fixture.loadError(samples)?.contains(
            "generation.samples: a job with a task: rank dataset takes samples: 1 (ranking draws nothing), got 3") == true)
        let scoredTwice = Self.withTask("score").replacingOccurrences(of: "techniques: [baseline]", with: "techniques: [baseline, completion]")
        #expect(fixture.loadError(scoredTwice)?.hasSuffix(
            "got 2; put generation datasets with several techniques in a job of their own") == true)
    }

    @Test func windowAndStrideBelongToScoring() throws {
        let scored = try fixture.load(Self.withTask("score", extra: "    window: 512\n    stride: 128\n"))
        #expect(scored.datasets[0].window == 512 && scored.datasets[0].stride == 128)
        #expect(fixture.loadError(Self.withTask("score", extra: "    window: 0\n"))
            == "\(file):13: datasets[0].window: expected an integer ≥ 1, got '0'")
        #expect(fixture.loadError(Self.withTask("score", extra: "    window: 8\n    stride: 9\n"))
            == "\(file):14: datasets[0].stride: expected an integer in 1...8 (the window), got '9'")
        #expect(fixture.loadError(Self.withTask("generate", extra: "    window: 8\n"))
            == "\(file):13: datasets[0].window: window sets the rolling windows of task: score; this dataset generates")
        let base = try Self.fingerprint(fixture.load())
        #expect(!base.contains("window") && !base.contains("stride"))
    }

    @Test func customScoreNeedsATextColumn() {
        let custom = edited("    shape: gsm8k\n", "    shape: custom\n    task: score\n")
        #expect(fixture.loadError(custom) == "\(file):9: datasets[0].columns: shape custom needs columns: {text: COLUMN}")
        let named = edited("    shape: gsm8k\n", "    shape: custom\n    task: score\n    columns: {text: question}\n")
        #expect(fixture.loadError(named) == nil)
    }
}
