import Foundation
import NucleusTestSupport
import Testing
@testable import NucleusCore
@testable import Prompts

/// Each technique's exemplars and answer format, on real GSM8K rows (test row 0 with train rows
/// 0 and 1 as exemplars, copied from openai/grade-school-math).
@Suite struct TechniqueFormatTests {
    static let question = DatasetRow(
        index: 0, line: 1,
        prompt: "Janet\u{2019}s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?",
        reference: "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day at the farmer\u{2019}s market.\n#### 18")
    static let exemplars = [
        DatasetRow(
            index: 0, line: 1,
            prompt: "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
            reference: "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72"),
        DatasetRow(
            index: 1, line: 2,
            prompt: "Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?",
            reference: "Weng earns 12/60 = $<<12/60=0.2>>0.2 per minute.\nWorking 50 minutes, she earned 0.2 x 50 = $<<0.2*50=10>>10.\n#### 10"),
    ]
    static let format = "End your response with the final answer as a number on its own line, in the form '#### N'."

    private func render(_ technique: Technique) -> BuiltPrompt {
        PromptBuilder(technique: technique, answerType: .numeric, exemplars: Self.exemplars, chat: true).build(Self.question)
    }

    @Test func baselineExemplarsGiveOnlyTheAnswer() {
        let prompt = render(BuiltInTechniques.baseline)
        let user = "Question: " + Self.exemplars[0].prompt + "\nAnswer: #### 72\n\n"
            + "Question: " + Self.exemplars[1].prompt + "\nAnswer: #### 10\n\n"
            + "Question: " + Self.question.prompt
        let system = "Answer directly, without explaining your reasoning. " + Self.format
        #expect(prompt.plain == system + "\n\n" + user + "\nAnswer:")
        #expect(prompt.chat == ChatPrompt(
            messages: [ChatMessage(role: .system, content: system), ChatMessage(role: .user, content: user)],
            assistantPrefix: "Answer:"))
    }

    @Test func chainOfThoughtExemplarsGiveTheReasoningWithoutCalculatorMarks() {
        let prompt = render(BuiltInTechniques.chainOfThought)
        #expect(prompt.plain == "Think step by step, then give the answer. " + Self.format + "\n\n"
            + "Question: " + Self.exemplars[0].prompt + "\n"
            + "Answer: Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether in April and May.\n#### 72\n\n"
            + "Question: " + Self.exemplars[1].prompt + "\n"
            + "Answer: Weng earns 12/60 = $0.2 per minute.\nWorking 50 minutes, she earned 0.2 x 50 = $10.\n#### 10\n\n"
            + "Question: " + Self.question.prompt + "\nAnswer: Let's think step by step.")
    }

    @Test func chainOfDraftExemplarsGiveTerseSteps() {
        let prompt = render(BuiltInTechniques.chainOfDraft)
        #expect(prompt.plain == "Think step by step, but write only a minimal draft of each step, five words at most. "
            + Self.format + "\n\n"
            + "Question: " + Self.exemplars[0].prompt + "\nAnswer: 48/2 = 24\n48+24 = 72\n#### 72\n\n"
            + "Question: " + Self.exemplars[1].prompt + "\nAnswer: 12/60 = 0.2\n0.2*50 = 10\n#### 10\n\n"
            + "Question: " + Self.question.prompt + "\nAnswer:")
    }

    /// Every built-in asks for `#### N`, and what a model answers in that format grades correct.
    @Test(arguments: ["baseline", "chain-of-thought", "chain-of-draft"])
    func answerFormatIsWhatExtractionReads(name: String) throws {
        let technique = try #require(BuiltInTechniques.all[name])
        #expect(render(technique).plain.contains("in the form '#### N'"))
        let draft = try #require(ReferenceAnswer.draft(of: Self.question.reference))
        #expect(draft == "16-3-4 = 9\n9*2 = 18\n#### 18")
        #expect(AnswerGrade(completion: draft, reference: Self.question.reference).isStrictCorrect)
    }

    /// Inline definitions edit any part from the job file, e.g. a draft exemplar in another format.
    @Test func inlineDefinitionRewritesTheExemplarFormat() throws {
        var definition = TechniqueDefinition(name: "cod-json", base: "chain-of-draft")
        definition.exemplarTemplate = "Q: {prompt}\nA: {draft}"
        definition.numericAnswerFormat = #"Reply with {"answer": N}."#
        definition.answerCue = "A:"
        let job = JobSpec(
            name: "t", output: "/o", seed: 1, models: [ModelSpec(name: "m", path: "/m")],
            datasets: [DatasetSpec(name: "d", path: "/d.jsonl", shape: .gsm8k)], techniques: [.inline(definition)])
        let technique = try BuiltInTechniques.resolve(.inline(definition), at: 0, in: job)
        let plain = PromptBuilder(technique: technique, answerType: .numeric, exemplars: [Self.exemplars[0]])
            .build(Self.question).plain
        #expect(plain == "Think step by step, but write only a minimal draft of each step, five words at most. "
            + #"Reply with {"answer": N}."# + "\n\nQ: " + Self.exemplars[0].prompt + "\nA: 48/2 = 24\n48+24 = 72\n#### 72\n\n"
            + "Question: " + Self.question.prompt + "\nA:")
    }

    @Test(arguments: [
        ("a <<1+1=2>>2 b <<3 * 4 = 12>>12 c <<x", ["1+1 = 2", "3*4 = 12"]),
        ("no annotations", []),
        ("<<=5>> bad", []),
    ] as [(String, [String])])
    func calculatorSteps(text: String, steps: [String]) {
        #expect(ReferenceAnswer.calculatorSteps(in: text) == steps)
    }

    /// Drafts of the whole train split: at most five words a step, ending with the reference answer.
    @Test func draftsOfEveryTrainRow() throws {
        let rows = try DatasetLoader.readRows(
            path: try TestPaths.dataFile("gsm8k/train.jsonl"), promptColumn: "question", referenceColumn: "answer")
        for row in rows {
            let draft = try #require(ReferenceAnswer.draft(of: row.reference))
            let lines = draft.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.allSatisfy { $0.split(separator: " ").count <= 5 }, "row \(row.index): \(draft)")
            #expect(lines.last.map(String.init) == "#### " + (ReferenceAnswer.finalAnswer(in: row.reference) ?? "?"))
            #expect(AnswerGrade(completion: draft, reference: row.reference).isStrictCorrect)
        }
        #expect(ReferenceAnswer.draft(of: rows[29].reference) == "#### 1000")   // no calculator annotations
    }
}
