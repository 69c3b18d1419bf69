import Foundation
import Testing
@testable import NucleusCore

@Suite struct JobSpecDecodingTests {
    @Test func decodesTheBaseJobWithDefaultsAndAbsolutePaths() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let job = try fixture.load()
        let dir = fixture.directory.path
        #expect(job.name == "t")
        #expect(job.output == "\(dir)/out")
        #expect(job.seed == 7)
        #expect(job.unitSize == 2)
        #expect(job.batchSize == 8)
        #expect(job.models == [ModelSpec(name: "m", path: "\(dir)/model.gguf", chatTemplate: .auto)])
        #expect(job.datasets == [DatasetSpec(name: "d", path: "\(dir)/d.jsonl", shape: .gsm8k)])
        #expect(job.techniques == [.named("baseline")])
        #expect(job.generation.maxNewTokens == 8)
        #expect(job.generation.temperature == 0.5)
        #expect(job.generation.topP == nil)
        #expect(try job.generationSettings().topP == 1.0)
        #expect(job.analysis == AnalysisSettings())
        #expect(job.source?.lines["techniques[0]"] == 12)
    }

    @Test func weightsDefaultToStoredAndDecodeFloat32() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        #expect(try fixture.load().models.map(\.weights) == [.stored])
        let job = try fixture.load(edited("    path: model.gguf\n", "    path: model.gguf\n    weights: float32\n"))
        #expect(job.models.map(\.weights) == [.float32])
        // Results are bitwise the same either way, so the choice leaves the job hash alone.
        #expect(try JobHash.compute(job: job) == JobHash.compute(job: fixture.load()))
    }

    @Test func decodesInlineTechniques() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let job = try fixture.load(edited(
            "techniques: [baseline]",
            "techniques:\n  - baseline\n  - {name: cot3, base: chain-of-thought, shots: 3, answer_cue: 'A:'}"))
        var definition = TechniqueDefinition(name: "cot3", base: "chain-of-thought")
        definition.shots = 3
        definition.answerCue = "A:"
        #expect(job.techniques == [.named("baseline"), .inline(definition)])
    }

    @Test func expandsEnvironmentVariablesInPaths() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let dir = fixture.directory.path
        let job = try fixture.load(
            edited("path: model.gguf", "path: ${MODELS}/model.gguf").replacingOccurrences(
                of: "output: out", with: "output: ${RESULTS:-fallback}/x"),
            environment: ["MODELS": dir])
        #expect(job.models[0].path == "\(dir)/model.gguf")
        #expect(job.output == "\(dir)/fallback/x")
    }

    /// The shipped smoke job decodes, with its model folder taken from NUCLEUS_MODELS.
    @Test func decodesTheShippedSmokeJob() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        try Data().write(to: fixture.directory.appendingPathComponent("SmolLM2-135M-Instruct.Q4_1.gguf"))
        let jobs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../jobs").standardizedFileURL
        let job = try JobSpec.load(
            path: jobs.appendingPathComponent("smoke.yaml").path,
            environment: ["NUCLEUS_MODELS": fixture.directory.path])
        #expect(job.name == "smoke")
        #expect(job.seed == 1234)
        #expect(job.unitSize == 4)
        #expect(job.batchSize == 8)
        #expect(job.models.map(\.name) == ["smollm2-135m"])
        #expect(job.datasets.map(\.name) == ["math", "facts", "stories"])
        #expect(job.datasets[0].path == jobs.deletingLastPathComponent().appendingPathComponent("data/smoke/math.jsonl").path)
        #expect(job.datasets[0].limit == 6)
        #expect(job.datasets[1].columns == ColumnMapping(prompt: "question", reference: "answer"))
        #expect(job.techniques.map(\.name) == ["baseline", "completion"])
        #expect(job.generation.maxNewTokens == 48)
        #expect(job.generation.stop == ["\nQuestion:"])
        #expect(job.analysis.topK == 20)
        #expect(job.output == jobs.deletingLastPathComponent().appendingPathComponent("results/smoke").path)
    }
}

/// Each error is one exact line: file, line, key path, expectation.
@Suite final class JobSpecErrorTests {
    let fixture: JobFixture
    var file: String { fixture.jobPath }

    init() throws {
        fixture = try JobFixture()
    }

    deinit {
        fixture.remove()
    }

    @Test func unknownTopLevelKey() {
        #expect(fixture.loadError(JobFixture.baseYAML + "colour: red\n") == """
            \(file):16: colour: unknown key (expected one of: name, output, seed, unit_size, batch_size, \
            models, datasets, techniques, generation, analysis)
            """)
    }

    @Test func unknownNestedKey() {
        #expect(fixture.loadError(edited("  temperature: 0.5", "  temprature: 0.5")) == """
            \(file):15: generation.temprature: unknown key (expected one of: max_new_tokens, temperature, \
            top_k, top_p, min_p, repetition_penalty, no_repeat_ngram_size, stop, samples, chat)
            """)
    }

    @Test func unknownKeyInAListEntry() {
        #expect(fixture.loadError(edited("    shape: gsm8k", "    shape: gsm8k\n    colums: {}")) == """
            \(file):12: datasets[0].colums: unknown key (expected one of: name, path, shape, columns, start, \
            limit, instruction, answer_type, fewshot_pool, task, window, stride, ranking, techniques, label, \
            label_column)
            """)
    }

    @Test func aDatasetTechniqueMustBeOneOfTheJobs() {
        let listed = { (list: String) in edited("    shape: gsm8k", "    shape: gsm8k\n    techniques: \(list)") }
        #expect(fixture.loadError(listed("[baseline, cot]"))
            == "\(file):12: datasets[0].techniques[1]: unknown technique 'cot' (the job's techniques: baseline)")
        #expect(fixture.loadError(listed("[]"))
            == "\(file):12: datasets[0].techniques: expected at least one entry, got an empty list")
        #expect(fixture.loadError(listed("[baseline, baseline]"))?
            .hasPrefix("\(file):12: datasets[0].techniques[1]: duplicate name 'baseline'") == true)
    }

    @Test func missingModelPath() {
        #expect(fixture.loadError(edited("path: model.gguf", "path: nope.gguf"))
            == "\(file):7: models[0].path: no such file or folder: \(fixture.directory.path)/nope.gguf")
    }

    @Test func missingDatasetPath() {
        #expect(fixture.loadError(edited("path: d.jsonl", "path: e.jsonl"))
            == "\(file):10: datasets[0].path: no such file: \(fixture.directory.path)/e.jsonl")
    }

    @Test func unsetEnvironmentVariable() {
        #expect(fixture.loadError(edited("path: model.gguf", "path: ${NOPE}/model.gguf"))
            == "\(file):7: models[0].path: environment variable 'NOPE' is not set")
    }

    @Test func negativeTemperature() {
        #expect(fixture.loadError(edited("temperature: 0.5", "temperature: -0.5"))
            == "\(file):15: generation.temperature: expected a number ≥ 0, got '-0.5'")
    }

    @Test func textWhereANumberBelongs() {
        #expect(fixture.loadError(edited("temperature: 0.5", "temperature: hot"))
            == "\(file):15: generation.temperature: expected a number, got 'hot'")
    }

    @Test func topPOutOfRange() {
        #expect(fixture.loadError(edited("temperature: 0.5", "top_p: 1.5"))
            == "\(file):15: generation.top_p: expected a number in (0, 1], got '1.5'")
    }

    @Test func minPOfOne() {
        #expect(fixture.loadError(edited("temperature: 0.5", "min_p: 1"))
            == "\(file):15: generation.min_p: expected a number in [0, 1), got '1'")
    }

    @Test func zeroUnitSize() {
        #expect(fixture.loadError(edited("unit_size: 2", "unit_size: 0"))
            == "\(file):4: unit_size: expected an integer ≥ 1, got '0'")
    }

    @Test func fractionalMaxNewTokens() {
        #expect(fixture.loadError(edited("max_new_tokens: 8", "max_new_tokens: 8.5"))
            == "\(file):14: generation.max_new_tokens: expected an integer, got '8.5'")
    }

    @Test func negativeSeed() {
        #expect(fixture.loadError(edited("seed: 7", "seed: -7"))
            == "\(file):3: seed: expected a non-negative integer, got '-7'")
    }

    @Test func duplicateModelName() {
        #expect(fixture.loadError(edited("    path: model.gguf", "    path: model.gguf\n  - name: m\n    path: model.gguf"))
            == "\(file):8: models[1].name: duplicate name 'm' (already used by models[0].name)")
    }

    @Test func emptyTechniqueList() {
        #expect(fixture.loadError(edited("techniques: [baseline]", "techniques: []"))
            == "\(file):12: techniques: expected at least one entry, got an empty list")
    }

    @Test func unsafeName() {
        #expect(fixture.loadError(edited("  - name: m", "  - name: my model"))
            == "\(file):6: models[0].name: expected a name of letters, digits, '.', '_' and '-', got 'my model'")
    }

    @Test func unknownWeightsChoiceNamesTheChoices() {
        #expect(fixture.loadError(edited("    path: model.gguf\n", "    path: model.gguf\n    weights: bf16\n"))
            == "\(file):8: models[0].weights: expected one of stored | float32, got 'bf16'")
    }

    @Test func badChoice() {
        #expect(fixture.loadError(edited("shape: gsm8k", "shape: gsm9k"))
            == "\(file):11: datasets[0].shape: expected one of gsm8k | xsum | writingprompts | simpleqa | custom, got 'gsm9k'")
    }

    @Test func missingRequiredKey() {
        #expect(fixture.loadError(edited("seed: 7\n", "")) == "\(file):1: seed: missing required key")
    }

    /// `generation` may be a list of settings blocks, but each entry must be a mapping.
    @Test func listWhereAMappingBelongs() {
        #expect(fixture.loadError(edited("generation:\n  max_new_tokens: 8\n  temperature: 0.5", "generation: [1]"))
            == "\(file):13: generation[0]: expected a mapping, got '1'")
    }

    @Test func techniqueEntryOfTheWrongKind() {
        #expect(fixture.loadError(edited("techniques: [baseline]", "techniques: [[baseline]]"))
            == "\(file):12: techniques[0]: expected a technique name or a mapping")
    }

    @Test func customShapeNeedsColumns() {
        #expect(fixture.loadError(edited("shape: gsm8k", "shape: custom"))
            == "\(file):9: datasets[0].columns: shape custom needs columns: {prompt: COLUMN}")
    }

    @Test func yamlSyntaxError() {
        #expect(fixture.loadError(edited("techniques: [baseline]", "techniques: [baseline")) == """
            \(file):13: invalid YAML: did not find expected ',' or ']'
            """)
    }

    @Test func duplicateYAMLKey() {
        #expect(fixture.loadError(JobFixture.baseYAML + "seed: 8\n")?.hasPrefix("\(file):") == true)
        #expect(fixture.loadError(JobFixture.baseYAML + "seed: 8\n")?.contains("duplicate key 'seed'") == true)
    }
}
