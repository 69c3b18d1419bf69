import Foundation
import Testing
@testable import NucleusCore
@testable import Prompts

/// The shipped smoke job, end to end through Prompts, with a stand-in model file.
@Suite final class SmokeJobTests {
    let models: TempFolder
    let job: JobSpec

    init() throws {
        models = try TempFolder()
        _ = try models.write("SmolLM2-135M-Instruct.Q4_1.gguf", "stand-in")
        job = try JobSpec.load(
            path: jobsFolder.appendingPathComponent("smoke.yaml").path, environment: ["NUCLEUS_MODELS": models.url.path])
    }

    deinit { models.remove() }

    @Test func rowCountsAndPlan() throws {
        let prompts = try JobPrompts(job: job)
        #expect(prompts.rowCounts == ["math": 6, "facts": 4, "stories": 4])
        let plan = try prompts.plan()
        #expect(plan.cells.count == 6)
        #expect(plan.units.map(\.rows) == [0..<4, 4..<6, 0..<4, 4..<6, 0..<4, 0..<4, 0..<4, 0..<4])
        #expect(plan.units.map(\.cell.technique) == ["baseline", "baseline", "completion", "completion",
                                                     "baseline", "completion", "baseline", "completion"])
        #expect(try JobPrompts(job: job).plan() == plan)
    }

    @Test func promptsForUnits() throws {
        let prompts = try JobPrompts(job: job)
        let plan = try prompts.plan()
        let math = try prompts.prompts(for: plan.units[1])
        #expect(math.map(\.row.index) == [4, 5])
        #expect(math[0].chat?.messages.last == ChatMessage(
            role: .user,
            content: "Question: A train travels at 60 miles per hour for 2.5 hours. How many miles does it travel?"))
        #expect(math[0].row.reference.hasSuffix("#### 150"))

        let factsCompletion = try #require(plan.units.first { $0.cell.dataset == "facts" && $0.cell.technique == "completion" })
        let facts = try prompts.prompts(for: factsCompletion)
        #expect(facts.map(\.plain) == [
            "What is the chemical symbol for gold?",
            "Who wrote the play \"Romeo and Juliet\"?",
            "What is the largest planet in the Solar System?",
            "Which ocean lies between Africa, Asia and Australia?",
        ])
        #expect(facts.allSatisfy { $0.chat == nil })

        let storiesBaseline = try #require(plan.units.first { $0.cell.dataset == "stories" && $0.cell.technique == "baseline" })
        let story = try prompts.prompts(for: storiesBaseline)[0]
        #expect(story.plain == "Answer directly, without explaining your reasoning.\n\nQuestion: Continue this story.\n\n"
            + "The lighthouse keeper had not seen a ship in eleven years, so when the foghorn sounded at midnight, she"
            + "\nAnswer:")
        #expect(story.row.fields["genre"] == "mystery")
    }

    @Test func unitOutsideTheDatasetIsAnError() throws {
        let prompts = try JobPrompts(job: job)
        let cell = CellKey(model: "smollm2-135m", dataset: "math", technique: "baseline")
        let unit = WorkUnit(id: "x", cell: cell, rows: 4..<8)
        #expect(throws: PlanError(job: job.source?.path ?? "", message: "unit x rows 4..<8 are outside dataset 'math'")) {
            try prompts.prompts(for: unit)
        }
    }
}

@Suite final class FewShotJobTests {
    let folder: TempFolder

    init() throws { folder = try TempFolder() }
    deinit { folder.remove() }

    private func loadJob(pool: Bool, onlyBaseline: Bool = false) throws -> JobSpec {
        _ = try folder.write("m.gguf", "stand-in")
        _ = try folder.write("test.jsonl", (0..<3).map { "{\"question\": \"t\($0)\", \"answer\": \"#### \($0)\"}" }.joined(separator: "\n"))
        _ = try folder.write("train.jsonl", (0..<20).map { "{\"question\": \"e\($0)\", \"answer\": \"#### \($0)\"}" }.joined(separator: "\n"))
        let yaml = """
            name: fs
            output: out
            seed: 5
            models: [{name: m, path: m.gguf}]
            datasets:
              - name: g
                path: test.jsonl
                shape: gsm8k
            \(pool ? "    fewshot_pool: {path: train.jsonl}" : "")
            \(onlyBaseline ? "    techniques: [baseline]" : "")
            techniques: [baseline, {name: cot2, base: chain-of-thought, shots: 2}]
            """
        return try JobSpec.load(path: try folder.write("job.yaml", yaml))
    }

    @Test func exemplarsComeFromThePool() throws {
        let prompts = try JobPrompts(job: try loadJob(pool: true))
        let drawn = try #require(prompts.exemplars["g"]?["cot2"])
        #expect(drawn.count == 2)
        #expect(drawn.allSatisfy { $0.prompt.hasPrefix("e") })
        #expect(prompts.exemplars["g"]?["baseline"] == [])
        let unit = try #require(try prompts.plan().units.first { $0.cell.technique == "cot2" })
        let plain = try prompts.prompts(for: unit)[0].plain
        #expect(plain.contains("Question: \(drawn[0].prompt)\nAnswer: \(drawn[0].reference)\n\nQuestion: \(drawn[1].prompt)"))
    }

    /// Only the techniques that run on a dataset (its `techniques:`) need its pool.
    @Test func aDatasetNotRunningTheShotsTechniqueNeedsNoPool() throws {
        let prompts = try JobPrompts(job: try loadJob(pool: false, onlyBaseline: true))
        #expect(prompts.exemplars["g"] == nil)
        #expect(try prompts.plan().cells.map(\.technique) == ["baseline"])
    }

    @Test func shotsWithoutAPoolIsAnError() throws {
        let job = try loadJob(pool: false)
        #expect(throws: JobSpecError(
            file: job.source?.path ?? "", line: 6, keyPath: "datasets[0]",
            message: "technique cot2 needs few-shot exemplars: add fewshot_pool")
        ) {
            try JobPrompts(job: job)
        }
    }
}

/// The shipped runnable GSM8K job, on the repository's GSM8K files (data/gsm8k).
@Suite struct GSM8KExampleJobTests {
    @Test func loadsAndDrawsThreeShotsPerTechnique() throws {
        let models = try TempFolder()
        defer { models.remove() }
        _ = try models.write("SmolLM2-135M-Instruct.Q4_1.gguf", "stand-in")
        let job = try JobSpec.load(
            path: jobsFolder.appendingPathComponent("gsm8k-prompting-smollm2.yaml").path,
            environment: ["NUCLEUS_MODELS": models.url.path])
        let prompts = try JobPrompts(job: job)
        #expect(prompts.rowCounts == ["gsm8k": 60])
        #expect(prompts.techniques.keys.sorted() == ["baseline", "chain-of-draft", "chain-of-thought"])
        for technique in ["baseline", "chain-of-thought", "chain-of-draft"] {
            #expect(prompts.techniques[technique]?.shots == 3)
            let drawn = try #require(prompts.exemplars["gsm8k"]?[technique])
            #expect(Set(drawn.map(\.index)).count == 3)
        }
        let plan = try prompts.plan()
        #expect(plan.units.count == 3 * 3)
        let first = try prompts.prompts(for: plan.units[0])
        #expect(first.count == 20)
        #expect(first[0].row.prompt.hasPrefix("Janet\u{2019}s ducks"))
    }
}
