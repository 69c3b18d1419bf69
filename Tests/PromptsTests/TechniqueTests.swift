import Foundation
import Testing
@testable import NucleusCore
@testable import Prompts

@Suite struct TechniqueRenderingTests {
    let row = DatasetRow(
        index: 0, line: 1,
        prompt: "Tom has 3 apples and buys 4 more. How many apples does he have?",
        reference: "He has 3 + 4 = <<3+4=7>>7 apples.\n#### 7")
    let numericFormat =
        "End your response with the final answer as a number on its own line, in the form '#### N'."

    @Test func baselineOnAGSM8KRow() {
        let builder = PromptBuilder(technique: BuiltInTechniques.baseline, answerType: .numeric, chat: true)
        let prompt = builder.build(row)
        let system = "Answer directly, without explaining your reasoning. " + numericFormat
        #expect(prompt.plain == system + "\n\nQuestion: " + row.prompt + "\nAnswer:")
        #expect(prompt.chat == ChatPrompt(
            messages: [
                ChatMessage(role: .system, content: system),
                ChatMessage(role: .user, content: "Question: " + row.prompt),
            ],
            assistantPrefix: "Answer:"))
        #expect(prompt.row == row)
    }

    @Test func chainOfThoughtAndDraft() {
        let cot = PromptBuilder(technique: BuiltInTechniques.chainOfThought, answerType: .numeric).build(row)
        #expect(cot.plain == "Think step by step, then give the answer. " + numericFormat
            + "\n\nQuestion: " + row.prompt + "\nAnswer: Let's think step by step.")
        #expect(cot.chat == nil)
        let draft = PromptBuilder(technique: BuiltInTechniques.chainOfDraft, answerType: .numeric).build(row)
        #expect(draft.plain == "Think step by step, but write only a minimal draft of each step, five words at most. "
            + numericFormat + "\n\nQuestion: " + row.prompt + "\nAnswer:")
    }

    @Test func textDatasetsGetTheirInstructionAndNoAnswerFormat() {
        let builder = PromptBuilder(
            technique: BuiltInTechniques.baseline, instruction: "Summarize the following article in one sentence.",
            answerType: .text)
        let story = DatasetRow(index: 0, line: 1, prompt: "The article.", reference: "Summary.")
        #expect(builder.build(story).plain == "Answer directly, without explaining your reasoning.\n\n"
            + "Question: Summarize the following article in one sentence.\n\nThe article.\nAnswer:")
    }

    @Test func completionFeedsThePromptAsIs() {
        let builder = PromptBuilder(
            technique: BuiltInTechniques.completion, instruction: "Continue this story.", answerType: .text,
            chat: BuiltInTechniques.completion.chat ?? true)
        let opening = DatasetRow(index: 0, line: 1, prompt: "Once upon a {prompt} time,", reference: "")
        #expect(builder.build(opening) == BuiltPrompt(row: opening, plain: "Once upon a {prompt} time,", chat: nil))
    }

    @Test func fewShotExemplarsFollowTheExemplarTemplate() {
        let exemplars = [
            DatasetRow(index: 4, line: 5, prompt: "1 + 1?", reference: "1 + 1 = <<1+1=2>>2.\n#### 2"),
            DatasetRow(index: 9, line: 10, prompt: "Half of 1,000?", reference: "#### 1,000 / 2 = 500\n#### 500"),
        ]
        let baseline = PromptBuilder(technique: BuiltInTechniques.baseline, exemplars: exemplars).build(row)
        #expect(baseline.plain == "Answer directly, without explaining your reasoning.\n\n"
            + "Question: 1 + 1?\nAnswer: 1 + 1 = 2.\n#### 2\n\n"
            + "Question: Half of 1,000?\nAnswer: #### 1,000 / 2 = 500\n#### 500\n\n"
            + "Question: " + row.prompt + "\nAnswer:")
        let numeric = PromptBuilder(technique: BuiltInTechniques.baseline, answerType: .numeric, exemplars: exemplars)
        #expect(numeric.build(row).plain.contains("Question: 1 + 1?\nAnswer: #### 2\n\nQuestion: Half of 1,000?\nAnswer: #### 500\n\n"))
        let cot = PromptBuilder(technique: BuiltInTechniques.chainOfThought, answerType: .numeric, exemplars: exemplars)
        #expect(cot.build(row).plain.contains("Question: 1 + 1?\nAnswer: 1 + 1 = 2.\n#### 2\n\n"))
    }

    @Test func placeholdersAreFilledInOnePass() {
        #expect(TemplateRendering.render("{a}-{b}-{c}-{", ["a": "{b}", "b": "x"]) == "{b}-x-{c}-{")
    }

    @Test func referenceAnswers() {
        #expect(ReferenceAnswer.finalAnswer(in: "so 1,234 total\n#### 1,234") == "1234")
        #expect(ReferenceAnswer.finalAnswer(in: "no marker") == nil)
        #expect(ReferenceAnswer.withoutCalculatorMarks("a <<1+1=2>>2 b <<x") == "a 2 b <<x")
    }
}

@Suite struct TechniqueResolutionTests {
    private func job(_ techniques: [TechniqueSpec]) -> JobSpec {
        var job = JobSpec(
            name: "t", output: "/tmp/out", seed: 1, models: [ModelSpec(name: "m", path: "/m")],
            datasets: [DatasetSpec(name: "d", path: "/d.jsonl", shape: .gsm8k)], techniques: techniques)
        job.source = JobSource(path: "jobs/t.yaml", directory: "/jobs", lines: ["techniques[1]": 9])
        return job
    }

    @Test func unknownTechniqueListsTheChoices() {
        let spec = job([.named("baseline"), .named("cot")])
        #expect(throws: JobSpecError(
            file: "jobs/t.yaml", line: 9, keyPath: "techniques[1]",
            message: "unknown technique 'cot' (expected one of: baseline, chain-of-draft, chain-of-thought, completion)")
        ) {
            try BuiltInTechniques.resolve(.named("cot"), at: 1, in: spec)
        }
        let error = JobSpecError(
            file: "jobs/t.yaml", line: 9, keyPath: "techniques[1]",
            message: "unknown technique 'cot' (expected one of: baseline, chain-of-draft, chain-of-thought, completion)")
        #expect(error.description == "jobs/t.yaml:9: techniques[1]: unknown technique 'cot' "
            + "(expected one of: baseline, chain-of-draft, chain-of-thought, completion)")
    }

    @Test func inlineDefinitionsOverrideTheirBase() throws {
        var definition = TechniqueDefinition(name: "terse", base: "chain-of-thought")
        definition.answerCue = ""
        definition.shots = 2
        definition.system = "Be brief."
        let technique = try BuiltInTechniques.resolve(.inline(definition), at: 0, in: job([.inline(definition)]))
        var expected = BuiltInTechniques.chainOfThought
        expected.name = "terse"
        expected.answerCue = nil
        expected.shots = 2
        expected.system = "Be brief."
        #expect(technique == expected)
    }

    @Test func inlineWithoutBaseStartsFromTheSameNamedBuiltInOrPlainDefaults() throws {
        var sameName = TechniqueDefinition(name: "baseline")
        sameName.shots = 3
        var expected = BuiltInTechniques.baseline
        expected.shots = 3
        #expect(try BuiltInTechniques.resolve(.inline(sameName), at: 0, in: job([])) == expected)
        let fresh = TechniqueDefinition(name: "mine")
        #expect(try BuiltInTechniques.resolve(.inline(fresh), at: 0, in: job([])) == Technique(name: "mine"))
    }

    @Test func unknownBaseIsReportedAtItsKey() {
        let definition = TechniqueDefinition(name: "x", base: "tree-of-thought")
        #expect(throws: JobSpecError(
            file: "jobs/t.yaml", keyPath: "techniques[0].base",
            message: "unknown technique 'tree-of-thought' (expected one of: baseline, chain-of-draft, "
                + "chain-of-thought, completion)")
        ) {
            try BuiltInTechniques.resolve(.inline(definition), at: 0, in: job([.inline(definition)]))
        }
    }
}

@Suite struct FewShotSelectionTests {
    let pool = (0..<50).map { DatasetRow(index: $0, line: $0 + 1, prompt: "p\($0)", reference: "#### \($0)") }

    @Test func drawIsFixedBySeedAndDatasetAndNested() {
        let five = FewShotSelection.exemplars(from: pool, count: 5, jobSeed: 42, dataset: "gsm8k")
        let three = FewShotSelection.exemplars(from: pool, count: 3, jobSeed: 42, dataset: "gsm8k")
        #expect(five == FewShotSelection.exemplars(from: pool, count: 5, jobSeed: 42, dataset: "gsm8k"))
        #expect(Array(five.prefix(3)) == three)
        #expect(Set(five.map(\.index)).count == 5)
        #expect(five != FewShotSelection.exemplars(from: pool, count: 5, jobSeed: 43, dataset: "gsm8k"))
        #expect(FewShotSelection.exemplars(from: pool, count: 0, jobSeed: 42, dataset: "gsm8k").isEmpty)
    }
}
