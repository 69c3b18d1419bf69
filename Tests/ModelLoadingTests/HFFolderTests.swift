import Foundation
import NucleusCore
import NucleusTestSupport
import Testing
import Tokenizer
import Transformer
@testable import ModelLoading

/// A model path that is a folder: a Hugging Face checkpoint with its tokenizer, chat template and
/// generation defaults (the tiny sharded llama of TransformerTests plus hand-written tokenizer files).
@Suite struct HFFolderTests {
    static let tinyLlama = TinyHFFolder.tinyLlama
    static let template = TinyHFFolder.template

    @Test func folderLoadsNetworkTokenizerTemplateAndStopIDs() throws {
        let folder = try TinyHFFolder.make(tokenizer: true, generation: #"{"eos_token_id": [5, 6], "bos_token_id": 3}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try LoadedModel(path: folder.path, threads: 1)
        #expect(loaded.config.architecture == "llama")
        #expect(loaded.config.vocabularySize == 128)
        #expect(loaded.tokenizer.encode("abab") == [3, 2, 2])
        #expect(loaded.tokenizer.chatTemplateSource == Self.template)
        #expect(loaded.endOfSequenceIDs == [4, 5, 6])
    }

    /// Sharded: the index identifies the weights (not a shard, not the folder).
    @Test func identityIsTheSHA256OfTheIndex() throws {
        let folder = try TinyHFFolder.make(tokenizer: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try LoadedModel(path: folder.path, threads: 1)
        let index = folder.appendingPathComponent("model.safetensors.index.json")
        let sha256 = try loaded.weightsSHA256()
        #expect(sha256 == (try SHA256.hashFile(at: index)).hex)
        #expect(sha256 == SHA256.hash(try Data(contentsOf: index)).hex)
        #expect(sha256 != (try SHA256.hashFile(at: folder.appendingPathComponent("model-00001-of-00004.safetensors"))).hex)
        #expect(loaded.path == folder.path && loaded.config.architecture == "llama")
    }

    @Test func folderWithoutTokenizerStillGivesTheNetwork() throws {
        let error = #expect(throws: ModelError.self) { try LoadedModel(path: Self.tinyLlama.path, threads: 1) }
        #expect(error?.description == "\(Self.tinyLlama.path): no tokenizer.json in the folder (token ids can still be given with --ids)")
        let model = try ModelSource(path: Self.tinyLlama.path).loadNetwork(threads: 1)
        #expect(model.config.vocabularySize == 128 && model.config.ropePairing == .halves)
    }

    @Test func missingPathIsOneLine() {
        let error = #expect(throws: ModelError.self) { try ModelSource(path: "/nonexistent/model") }
        #expect(error?.description == "/nonexistent/model: no such file or folder")
    }

    // MARK: - generation_config.json

    static func defaults(_ json: String) throws -> HFGenerationDefaults {
        try JSONDecoder().decode(HFGenerationDefaults.self, from: Data(json.utf8))
    }

    static func job(_ generation: GenerationSpec) -> JobSpec {
        JobSpec(name: "j", output: "out", seed: 1, models: [], datasets: [], techniques: [], generation: generation)
    }

    @Test func generationDefaultsFillOnlyWhatTheJobLeavesOut() throws {
        var sampled = try Self.defaults(#"{"do_sample": true, "temperature": 0.6, "top_k": 20, "top_p": 0.95, "max_new_tokens": 100, "repetition_penalty": 1.1, "eos_token_id": 7}"#)
        sampled.file = "/m/generation_config.json"
        #expect(sampled.eosTokenIDs == [7])
        let filled = try Self.job(GenerationSpec(temperature: 1.0)).generationSettings(model: sampled.settingsDefaults)
        #expect(filled.temperature == 1.0)  // set by the job
        #expect(filled.topK == 20 && filled.topP == 0.95 && filled.maxNewTokens == 100 && filled.repetitionPenalty == 1.1)

        // Without do_sample, transformers would decode greedily and ignore the sampling keys: so does Nucleus.
        var greedy = try Self.defaults(#"{"temperature": 0.6, "top_p": 0.95, "max_new_tokens": 50, "eos_token_id": [1, 2]}"#)
        greedy.file = "/m/generation_config.json"
        let kept = try Self.job(GenerationSpec()).generationSettings(model: greedy.settingsDefaults)
        #expect(kept.temperature == 1.0 && kept.topP == 1.0 && kept.maxNewTokens == 50)
        #expect(greedy.eosTokenIDs == [1, 2])
    }

    @Test func jobFileKeysWinOverGenerationConfig() throws {
        let folder = try TinyHFFolder.make(tokenizer: true, generation: #"{"do_sample": true, "temperature": 0.6, "top_p": 0.9, "max_new_tokens": 9}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{\"question\": \"q\", \"answer\": \"#### 1\"}".write(to: folder.appendingPathComponent("rows.jsonl"), atomically: true, encoding: .utf8)
        let yaml = """
            name: hf
            seed: 1
            unit_size: 1
            batch_size: 1
            output: out
            models: [{name: tiny, path: \(folder.path)}]
            datasets: [{name: math, path: rows.jsonl, shape: gsm8k}]
            techniques: [baseline]
            generation: {temperature: 0.8}
            """
        let job = try JobSpec.parse(yaml: yaml, path: folder.appendingPathComponent("job.yaml").path, directory: folder.path)
        let settings = try LoadedModel(path: folder.path, threads: 1).generationSettings(for: job)
        #expect(settings.temperature == 0.8 && settings.topP == 0.9 && settings.maxNewTokens == 9)
    }

    @Test func badGenerationConfigIsOneLine() throws {
        let folder = try TinyHFFolder.make(tokenizer: false, generation: #"{"temperature": "hot"}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: ModelError.self) { try ModelSource(path: folder.path) }
        #expect(error?.description == "\(folder.path)/generation_config.json: key 'temperature': expected Double")
    }
}
