import Foundation
import NucleusTestSupport
import Testing
@testable import NucleusCore
@testable import Prompts

/// The shapes on the real files of the repository's data/ folder.
@Suite struct RealDatasetTests {
    @Test func gsm8kReferencesAllParse() throws {
        let test = try DatasetLoader.load(DatasetSpec(name: "g", path: try TestPaths.dataFile("gsm8k/test.jsonl"), shape: .gsm8k))
        let train = try DatasetLoader.load(DatasetSpec(name: "g", path: try TestPaths.dataFile("gsm8k/train.jsonl"), shape: .gsm8k))
        #expect(test.rows.count == 1319)
        #expect(train.rows.count == 7473)
        let answers = test.rows.map { AnswerExtraction.reference($0.reference)?.canonical }
        #expect(answers.allSatisfy { $0 != nil })
        #expect(answers[0] == "18")
        #expect(answers[146] == "2125")   // "#### 2,125"
        #expect(answers[489] == "-10")
        #expect(answers.filter { $0?.hasPrefix("-") == true }.count == 2)
        #expect(AnswerExtraction.reference(train.rows[345].reference)?.canonical == "1080")   // "#### 1,080"
        #expect(train.rows.allSatisfy { AnswerExtraction.reference($0.reference) != nil })
    }

    @Test func xsumGetsTheSummarisationInstruction() throws {
        let path = try TestPaths.dataFile("xsum/test.jsonl")
        let dataset = try DatasetLoader.load(DatasetSpec(name: "xsum", path: path, shape: .xsum, start: 10, limit: 5))
        let all = try DatasetLoader.load(DatasetSpec(name: "xsum", path: path, shape: .xsum))
        #expect(all.rows.count == 500)
        #expect(all.rows[0].prompt.hasPrefix("The owners said their planned \u{00A3}80m development at the site in Bewdley"))
        #expect(all.rows[0].reference.hasPrefix("Proposals for an indoor water park and a hotel at West Midland Safari Park"))
        #expect(all.rows[0].fields["id"] == "34268361")
        #expect(dataset.rows.map(\.index) == Array(10..<15))
        #expect(dataset.rows[0] == all.rows[10])
        #expect(dataset.answerType == .text)

        let builder = PromptBuilder(
            technique: BuiltInTechniques.baseline, instruction: dataset.instruction,
            answerType: dataset.answerType, chat: true)
        let row = dataset.rows[0]
        let prompt = builder.build(row)
        #expect(prompt.chat?.messages == [
            ChatMessage(role: .system, content: "Answer directly, without explaining your reasoning."),
            ChatMessage(role: .user, content: "Question: Summarize the following article in one sentence.\n\n" + row.prompt),
        ])
        #expect(!prompt.plain.contains("####"))
    }

    @Test func writingPrompts() throws {
        let path = try TestPaths.dataFile("writingprompts/test.jsonl")
        let dataset = try DatasetLoader.load(DatasetSpec(name: "wp", path: path, shape: .writingprompts))
        #expect(dataset.rows.count == 436)
        #expect(dataset.rows[0].prompt.hasPrefix("When everyone turns 18 , they receive a pet which is figurative"))
        #expect(dataset.rows[0].reference.hasPrefix("As we learned in class, partners have always been."))
        #expect(dataset.instruction == "Write a short story based on the following writing prompt.")
        let baseline = PromptBuilder(technique: BuiltInTechniques.baseline, instruction: dataset.instruction).build(dataset.rows[0])
        #expect(baseline.plain.contains("Question: Write a short story based on the following writing prompt.\n\n"
            + dataset.rows[0].prompt + "\nAnswer:"))
        let completion = PromptBuilder(technique: BuiltInTechniques.completion, instruction: dataset.instruction)
        #expect(completion.build(dataset.rows[3]).plain == dataset.rows[3].prompt)
    }
}

/// A writing-prompts file may have prompts alone; a reference column named explicitly may not be missing.
@Suite final class OptionalStoryTests {
    let folder: TempFolder
    init() throws { folder = try TempFolder() }
    deinit { folder.remove() }

    @Test func storyIsOptionalUnlessNamed() throws {
        let path = try folder.write("wp.jsonl", "{\"prompt\": \"A dragon.\", \"story\": \"Once.\"}\n{\"prompt\": \"A ship.\"}\n")
        let dataset = try DatasetLoader.load(DatasetSpec(name: "wp", path: path, shape: .writingprompts))
        #expect(dataset.rows.map(\.reference) == ["Once.", ""])
        #expect(throws: DatasetError(file: path, line: 2, message: "missing column 'story' (has: prompt)")) {
            try DatasetLoader.load(DatasetSpec(
                name: "wp", path: path, shape: .writingprompts, columns: ColumnMapping(reference: "story")))
        }
        let gsm8k = try folder.write("g.jsonl", "{\"question\": \"1+1?\"}\n")
        #expect(throws: DatasetError(file: gsm8k, line: 1, message: "missing column 'answer' (has: question)")) {
            try DatasetLoader.load(DatasetSpec(name: "g", path: gsm8k, shape: .gsm8k))
        }
    }
}

/// Few-shot exemplars drawn from GSM8K train for GSM8K test, through a job file.
@Suite final class RealFewShotTests {
    let folder: TempFolder
    init() throws { folder = try TempFolder() }
    deinit { folder.remove() }

    private func prompts(seed: UInt64, pool split: String, limit: Int? = nil) throws -> JobPrompts {
        _ = try folder.write("m.gguf", "stand-in")
        let data = TestPaths.data.path
        let yaml = """
            name: fs
            output: out
            seed: \(seed)
            models: [{name: m, path: m.gguf}]
            datasets:
              - name: gsm8k
                path: \(data)/gsm8k/test.jsonl
                shape: gsm8k
            \(limit.map { "    limit: \($0)" } ?? "")
                fewshot_pool: {path: \(data)/gsm8k/\(split).jsonl}
            techniques: [{name: cot3, base: chain-of-thought, shots: 3}, {name: cod2, base: chain-of-draft, shots: 2}]
            """
        return try JobPrompts(job: try JobSpec.load(path: try folder.write("job-\(seed)-\(split).yaml", yaml)))
    }

    @Test func sameSeedSameExemplarsFromTrain() throws {
        let first = try prompts(seed: 7, pool: "train", limit: 20)
        let again = try prompts(seed: 7, pool: "train", limit: 20)
        let other = try prompts(seed: 8, pool: "train", limit: 20)
        let drawn = try #require(first.exemplars["gsm8k"]?["cot3"])
        #expect(drawn.count == 3)
        #expect(first.exemplars == again.exemplars)
        #expect(first.exemplars["gsm8k"]?["cod2"] == Array(drawn.prefix(2)))
        #expect(other.exemplars["gsm8k"]?["cot3"] != drawn)
        let train = try DatasetLoader.readRows(path: TestPaths.dataFile("gsm8k/train.jsonl"),
                                               promptColumn: "question", referenceColumn: "answer")
        #expect(drawn.allSatisfy { train[$0.index] == $0 })
        let questions = Set(try #require(first.datasets["gsm8k"]).rows.map(\.prompt))
        #expect(drawn.allSatisfy { !questions.contains($0.prompt) })
    }

    /// A pool that is the evaluated split itself: a row drawn as an exemplar does not see itself.
    @Test func neverTheQuestionItself() throws {
        let prompts = try prompts(seed: 7, pool: "test")
        let drawn = try #require(prompts.exemplars["gsm8k"]?["cot3"])
        let spare = try #require(prompts.spareExemplars["gsm8k"]?["cot3"])
        let rows = try #require(prompts.datasets["gsm8k"]).rows
        let builder = try prompts.builder(for: CellKey(model: "m", dataset: "gsm8k", technique: "cot3"))
        let own = rows[drawn[1].index]
        #expect(own == drawn[1])
        #expect(builder.exemplars(for: own) == [drawn[0], drawn[2], spare])
        let text = builder.build(own).plain
        #expect(text.components(separatedBy: own.prompt).count == 2)
        #expect(text.components(separatedBy: "Question: ").count == 5)
        let other = try #require(rows.first { row in !drawn.contains(row) && row != spare })
        #expect(builder.exemplars(for: other) == drawn)
    }
}

/// Unknown choices in a job file are rejected with the valid ones listed.
@Suite final class JobFileChoiceTests {
    let folder: TempFolder
    init() throws { folder = try TempFolder() }
    deinit { folder.remove() }

    private func job(shape: String, technique: String, chatTemplate: String = "auto") throws -> String {
        _ = try folder.write("m.gguf", "stand-in")
        _ = try folder.write("d.jsonl", "{\"question\": \"q\", \"answer\": \"#### 1\"}\n")
        return try folder.write("job.yaml", """
            name: c
            output: out
            seed: 1
            models: [{name: m, path: m.gguf, chat_template: \(chatTemplate)}]
            datasets: [{name: d, path: d.jsonl, shape: \(shape)}]
            techniques: [baseline, \(technique)]
            """)
    }

    @Test func unknownShape() throws {
        let path = try job(shape: "gsm9k", technique: "chain-of-draft")
        do {
            _ = try JobSpec.load(path: path)
            Issue.record("an unknown shape was accepted")
        } catch {
            #expect("\(error)" == "\(path):5: datasets[0].shape: expected one of gsm8k | xsum | writingprompts | simpleqa | custom, got 'gsm9k'")
        }
    }

    @Test func unknownTechnique() throws {
        let path = try job(shape: "gsm8k", technique: "tree-of-thought")
        let job = try JobSpec.load(path: path)
        do {
            _ = try JobPrompts(job: job)
            Issue.record("an unknown technique was accepted")
        } catch {
            #expect("\(error)" == "\(path):6: techniques[1]: unknown technique 'tree-of-thought' "
                + "(expected one of: baseline, chain-of-draft, chain-of-thought, completion)")
        }
    }

    @Test func chatTemplateNames() throws {
        for name in ["auto", "chatml", "llama3", "mistral", "deepseek", "gemma", "none"] {
            let job = try JobSpec.load(path: try job(shape: "gsm8k", technique: "chain-of-thought", chatTemplate: name))
            #expect(job.models[0].chatTemplate.rawValue == name)
        }
        let path = try job(shape: "gsm8k", technique: "chain-of-thought", chatTemplate: "llama2")
        do {
            _ = try JobSpec.load(path: path)
            Issue.record("an unknown chat template was accepted")
        } catch {
            #expect("\(error)" == "\(path):4: models[0].chat_template: expected one of "
                + "auto | chatml | llama3 | llama31 | mistral | deepseek | gemma | none, got 'llama2'")
        }
    }
}
