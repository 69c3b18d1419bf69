import Foundation
import NucleusCore
import NucleusTestSupport
import Scheduling
import Store
import Testing
@testable import Runner

/// `nucleus run` on a Hugging Face folder uses generation_config.json's sampling defaults for the
/// keys the job leaves out, and its unit files record the settings actually used.
@Suite(.serialized) struct HFGenerationConfigRunTests {
    /// Runs a one-row job (4 new tokens, seed 3) on a copy of the tiny llama folder and returns
    /// its one unit record. `generationConfig` replaces the folder's generation_config.json;
    /// `generation` is the job's `generation:` block.
    static func runJob(generationConfig: String, generation: String) throws -> UnitRecord {
        let folder = try TinyHFFolder.make(tokenizer: true, generation: generationConfig)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{\"question\": \"ab ab\", \"answer\": \"#### 1\"}".write(to: folder.appendingPathComponent("rows.jsonl"), atomically: true, encoding: .utf8)
        let job = """
            name: hf-defaults
            seed: 3
            unit_size: 1
            batch_size: 1
            output: out
            models: [{name: tiny, path: \(folder.path)}]
            datasets: [{name: math, path: rows.jsonl, shape: gsm8k}]
            techniques: [baseline]
            generation: \(generation)
            """
        let jobFile = folder.appendingPathComponent("job.yaml").path
        try job.write(toFile: jobFile, atomically: true, encoding: .utf8)
        return try runSingleUnitJob(jobFile)
    }

    static func recordedGeneration(_ record: UnitRecord) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(record.header.generationJSON.utf8)) as? [String: Any])
    }

    @Test func jobWithoutTemperatureUsesAndRecordsGenerationConfigs() throws {
        let sampled = #"{"do_sample": true, "temperature": 0.5, "eos_token_id": 4}"#
        let fromConfig = try Self.runJob(generationConfig: sampled, generation: "{max_new_tokens: 4}")
        let recorded = try Self.recordedGeneration(fromConfig)
        #expect(recorded["temperature"] as? Double == 0.5)
        #expect(recorded["max_new_tokens"] as? Int == 4)

        // The same temperature written in the job file draws the same tokens: 0.5 was used.
        let plain = #"{"eos_token_id": 4}"#
        let fromJob = try Self.runJob(generationConfig: plain, generation: "{max_new_tokens: 4, temperature: 0.5}")
        #expect(try Self.recordedGeneration(fromJob)["temperature"] as? Double == 0.5)
        #expect(fromConfig.tokens.tokenID == fromJob.tokens.tokenID)
        #expect(fromConfig.tokens.logprob == fromJob.tokens.logprob)

        // The default temperature (1) would have drawn other tokens with the same seed.
        let unsampled = try Self.runJob(generationConfig: plain, generation: "{max_new_tokens: 4}")
        #expect(try Self.recordedGeneration(unsampled)["temperature"] as? Double == 1.0)
        #expect(unsampled.tokens.tokenID != fromConfig.tokens.tokenID)
    }
}
