import Foundation
import NucleusCore
import NucleusTestSupport
import Scheduling
import Store
import Testing
@testable import Runner

/// Prompts that cannot run (empty, too long for the context with max_new_tokens) are found when
/// the job is prepared, by dataset file, line and row; one that reaches a unit anyway fails alone.
/// The tiny llama has a context of 128 tokens; its tokenizer makes "ab" one token.
@Suite(.serialized) struct PromptLimitTests {
    /// A job on a copy of the tiny llama (no BOS, so "" is zero tokens) whose dataset rows are `rows`
    /// (the `text` column, technique `completion`: the text as is).
    static func job(rows: [String], generation: String = "{max_new_tokens: 4}", generationConfig: String? = nil,
                    extraConfig: String = "") throws -> (folder: URL, jobFile: String) {
        let folder = try TinyHFFolder.make(tokenizer: true, generation: generationConfig)
        try #"{"bos_token": "<s>", "eos_token": "</s>", "add_bos_token": false}"#
            .write(to: folder.appendingPathComponent("tokenizer_config.json"), atomically: true, encoding: .utf8)
        let lines = rows.map { #"{"text": "\#($0)"}"# }.joined(separator: "\n") + "\n"
        try lines.write(to: folder.appendingPathComponent("rows.jsonl"), atomically: true, encoding: .utf8)
        let job = """
            name: limits
            seed: 3
            unit_size: 4
            batch_size: 2
            output: out
            models: [{name: tiny, path: \(folder.path)}]
            datasets: [{name: d, path: rows.jsonl, shape: custom, columns: {prompt: text}}]
            techniques: [completion]
            generation: \(generation)
            \(extraConfig)
            """
        let jobFile = folder.appendingPathComponent("job.yaml").path
        try job.write(toFile: jobFile, atomically: true, encoding: .utf8)
        return (folder, jobFile)
    }

    static let fits = String(repeating: "ab", count: 124)       // 124 tokens + 4 new = 128: fits exactly
    static let tooLong = String(repeating: "ab", count: 125)    // 125 + 4 > 128

    @Test func badPromptsAreNamedByFileLineAndRowBeforeAnythingRuns() throws {
        let (folder, jobFile) = try Self.job(rows: ["ab", Self.tooLong, "", Self.fits])
        defer { try? FileManager.default.removeItem(at: folder) }
        let prepared = try JobRun(jobFile: jobFile)
        let error = #expect(throws: PromptLimitError.self) { try prepared.checkPromptLimits() }
        let rows = folder.appendingPathComponent("rows.jsonl").path
        #expect(error?.promptProblems.map(\.row) == [1, 2])
        #expect(error?.description == """
            \(jobFile): 2 prompts cannot run (lower generation.max_new_tokens, or leave the rows out with start/limit or by editing the dataset):
              \(rows):2 (dataset d row 1, technique completion, model tiny): the prompt has 125 tokens; with max_new_tokens 4 that exceeds the context length 128 (at most 124 prompt tokens)
              \(rows):3 (dataset d row 2, technique completion, model tiny): the prompt is empty (0 tokens)
            """)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func promptsThatFitPassAndAreSummarised() throws {
        let (folder, jobFile) = try Self.job(rows: ["ab", Self.fits])
        defer { try? FileManager.default.removeItem(at: folder) }
        let limits = try JobRun(jobFile: jobFile).checkPromptLimits()
        #expect(limits == [PromptLimitSummary(model: "tiny", contextLength: 128, maxNewTokens: 4, longestPrompt: 124, prompts: 2)])
    }

    /// A run goes on without checking a model it cannot read (its units fail when it loads, the
    /// others run); a dry run reports it.
    @Test func anUnreadableModelIsReportedAndSkippedOnlyWhenAsked() throws {
        let (folder, jobFile) = try Self.job(rows: ["ab"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.gguf")
        try Data("GGUF".utf8).write(to: broken)
        var text = try String(contentsOfFile: jobFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "models: [{name: tiny, path: \(folder.path)}]",
                                         with: "models: [{name: tiny, path: \(folder.path)}, {name: broken, path: \(broken.path)}]")
        try text.write(toFile: jobFile, atomically: true, encoding: .utf8)
        let prepared = try JobRun(jobFile: jobFile)
        #expect(throws: (any Error).self) { try prepared.checkPromptLimits() }
        var notes: [String] = []
        let limits = try prepared.checkPromptLimits { notes.append($0) }
        #expect(limits.map(\.model) == ["tiny"])
        #expect(notes.count == 1 && notes[0].hasPrefix("model broken: prompt lengths not checked: \(broken.path)"))
    }

    @Test func maxNewTokensBeyondTheContextIsOneErrorNamingItsSource() throws {
        let (folder, jobFile) = try Self.job(rows: ["ab"], generation: "{temperature: 1.0}",
                                             generationConfig: #"{"max_new_tokens": 500}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: PromptLimitError.self) { try JobRun(jobFile: jobFile).checkPromptLimits() }
        #expect(error?.description == "\(jobFile): model tiny: max_new_tokens 500 (from \(folder.path)/generation_config.json) leaves no room for a prompt in its context length 128")
    }

    @Test func badGenerationConfigValueIsAnErrorAtPrepareTime() throws {
        let (folder, jobFile) = try Self.job(rows: ["ab"], generationConfig: #"{"do_sample": true, "temperature": -1}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: SettingsError.self) { try JobRun(jobFile: jobFile).checkPromptLimits() }
        #expect(error?.description == "\(folder.path)/generation_config.json: temperature: expected a number ≥ 0, got '-1.0'")
    }

    /// Run without the prepare check: the bad prompt is recorded as failed, the others of its unit complete.
    @Test func aPromptThatFailsAtRunTimeFailsAlone() throws {
        let (folder, jobFile) = try Self.job(rows: ["ab", Self.tooLong, "abab", ""])
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try runSingleUnitJob(jobFile)
        #expect(record.prompts.map(\.finishReason).map { $0 == "error" } == [false, true, false, true])
        #expect(record.prompts[1].error == "the prompt has 125 tokens; with max_new_tokens 4 that exceeds the context length 128 (at most 124 prompt tokens)")
        #expect(record.prompts[3].error == "the prompt is empty (0 tokens)")
        #expect(record.prompts[1].generatedCount == 0 && record.prompts[3].generatedCount == 0)
        #expect(record.prompts[0].generatedCount > 0 && record.prompts[2].generatedCount > 0)
        #expect(record.prompts[0].error.isEmpty && record.prompts[1].promptTokenCount == 125)
        #expect(record.tokens.count == record.prompts[0].generatedCount + record.prompts[2].generatedCount)
    }
}
