import Foundation
import Testing
@testable import NucleusCore

/// Each generation setting is the job's value, else the model's generation_config.json value, else
/// the built-in default, and whatever decided it is range-checked with its source named.
@Suite struct SettingsResolutionTests {
    static let config = "/models/m/generation_config.json"

    static func job(_ generation: GenerationSpec, file: String? = "jobs/j.yaml") -> JobSpec {
        var job = JobSpec(name: "j", output: "out", seed: 1, models: [], datasets: [], techniques: [], generation: generation)
        job.source = file.map { JobSource(path: $0, directory: "/") }
        return job
    }

    static func model(_ values: GenerationSpec) -> ModelGenerationDefaults {
        ModelGenerationDefaults(file: config, values: values)
    }

    @Test func jobValueWinsThenModelThenBuiltIn() throws {
        let model = Self.model(GenerationSpec(maxNewTokens: 100, temperature: 0.6, topP: 0.95))
        let settings = try Self.job(GenerationSpec(temperature: 0.2)).generationSettings(model: model)
        #expect(settings.temperature == 0.2)      // the job's
        #expect(settings.maxNewTokens == 100)     // the model's
        #expect(settings.topP == 0.95)            // the model's
        #expect(settings.topK == 0 && settings.minP == 0 && settings.repetitionPenalty == 1)  // built in
        #expect(settings.samples == 1 && settings.chat && settings.stop.isEmpty)
    }

    @Test func builtInDefaultsAreTheDocumentedOnes() throws {
        let settings = try Self.job(GenerationSpec()).generationSettings()
        #expect(settings.maxNewTokens == 256 && settings.temperature == 1 && settings.topK == 0 && settings.topP == 1)
        #expect(settings.minP == 0 && settings.repetitionPenalty == 1 && settings.noRepeatNgramSize == 0)
        let analysis = AnalysisSettings()
        #expect(analysis.topP == 0.9 && analysis.topK == 20)
    }

    @Test func outOfRangeModelValuesNameTheFileAndKey() {
        let cases: [(GenerationSpec, String)] = [
            (GenerationSpec(temperature: -1), "\(Self.config): temperature: expected a number ≥ 0, got '-1.0'"),
            (GenerationSpec(topP: 0), "\(Self.config): top_p: expected a number in (0, 1], got '0.0'"),
            (GenerationSpec(topK: -3), "\(Self.config): top_k: expected an integer ≥ 0, got '-3'"),
            (GenerationSpec(minP: 1), "\(Self.config): min_p: expected a number in [0, 1), got '1.0'"),
            (GenerationSpec(repetitionPenalty: 0), "\(Self.config): repetition_penalty: expected a number > 0, got '0.0'"),
            (GenerationSpec(maxNewTokens: 0), "\(Self.config): max_new_tokens: expected an integer ≥ 1, got '0'"),
            (GenerationSpec(temperature: .nan), "\(Self.config): temperature: expected a number ≥ 0, got 'nan'"),
        ]
        for (values, message) in cases {
            let error = #expect(throws: SettingsError.self) {
                try Self.job(GenerationSpec()).generationSettings(model: Self.model(values))
            }
            #expect(error?.description == message)
        }
    }

    @Test func aJobValueHidesABadModelValue() throws {
        let settings = try Self.job(GenerationSpec(temperature: 0.7)).generationSettings(model: Self.model(GenerationSpec(temperature: -1)))
        #expect(settings.temperature == 0.7)
    }

    @Test func outOfRangeJobValuesNameTheJobFile() {
        let error = #expect(throws: SettingsError.self) { try Self.job(GenerationSpec(topP: 2)).generationSettings() }
        #expect(error?.description == "jobs/j.yaml: generation.top_p: expected a number in (0, 1], got '2.0'")
    }

    @Test func jobFileErrorsPointAtTheLine() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let message = fixture.loadError(edited("  temperature: 0.5", "  temperature: .inf"))
        #expect(message == "\(fixture.jobPath):15: generation.temperature: expected a number ≥ 0, got '.inf'")
        let analysis = fixture.loadError(JobFixture.baseYAML + "analysis: {top_p: 0}\n")
        #expect(analysis == "\(fixture.jobPath):16: analysis.top_p: expected a number in (0, 1], got '0'")
    }

    /// The hash sees the job's values over the built-in defaults: writing a default out changes nothing.
    @Test func writingOutADefaultKeepsTheJobHash() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let plain = try JobHash.compute(job: fixture.load())
        let explicit = try JobHash.compute(job: fixture.load(edited("  temperature: 0.5", "  temperature: 0.5\n  top_p: 1.0\n  top_k: 0")))
        let changed = try JobHash.compute(job: fixture.load(edited("  temperature: 0.5", "  temperature: 0.5\n  top_p: 0.8")))
        #expect(plain == explicit)
        #expect(plain != changed)
    }
}
