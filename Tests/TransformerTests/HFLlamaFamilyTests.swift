import Foundation
import Kernels
import NucleusTestSupport
import Testing
@testable import Transformer
import Weights

/// Loading the Llama family from Hugging Face folders: configuration keys in both styles, and the
/// one-line errors a broken folder gives. (Logits against transformers: TinyModelReferenceTests.)
@Suite struct HFLlamaFamilyTests {
    static func fixture(_ family: String) -> URL {
        TestPaths.fixtures(besides: #filePath).appendingPathComponent("tiny/\(family)")
    }

    /// A copy of a tiny fixture whose config.json is rewritten by `edit` (the parsed JSON object).
    static func editedCopy(of family: String, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-hf-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture(family), to: folder)
        let config = folder.appendingPathComponent("config.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: config)
        return folder
    }

    static func load(_ folder: URL) throws -> any CausalLanguageModel {
        try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 1)
    }

    @Test func missingKeyIsNamed() throws {
        let folder = try Self.editedCopy(of: "qwen3") { $0["num_attention_heads"] = nil }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: ModelError.self) { try Self.load(folder) }
        #expect(error?.description == "\(folder.path)/config.json: missing key 'num_attention_heads'")
    }

    @Test func mistypedKeyIsNamed() throws {
        let folder = try Self.editedCopy(of: "mistral") { $0["sliding_window"] = "eight" }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: ModelError.self) { try Self.load(folder) }
        #expect(error?.problem.hasPrefix("key 'sliding_window': expected Int") == true)
    }

    /// intermediate_size 48 in the config, 64 rows stored: the first MLP tensor read names itself and both shapes.
    @Test func wrongTensorShapeNamesTensorAndShapes() throws {
        let folder = try Self.editedCopy(of: "mistral") { $0["intermediate_size"] = 48 }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: WeightsError.self) { try Self.load(folder) }
        #expect(error?.problem == "tensor 'model.layers.0.mlp.gate_proj.weight' has shape [64, 32], expected [48, 32]")
    }

    /// The qwen2 weights (with q/k/v biases) under a llama config without attention_bias: the biases
    /// would be silently dropped, so loading refuses.
    @Test func tensorsTheConfigDoesNotExplainAreRejected() throws {
        let folder = try Self.editedCopy(of: "qwen2") { $0["model_type"] = "llama" }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: ModelError.self) { try Self.load(folder) }
        #expect(error?.problem == "9 tensor(s) not used by a llama model with this config.json: 'model.layers.0.self_attn.k_proj.bias', 'model.layers.0.self_attn.q_proj.bias', 'model.layers.0.self_attn.v_proj.bias', …")
    }

    @Test func untiedCheckpointNeedsLMHead() throws {
        let folder = try Self.editedCopy(of: "qwen2") { $0["tie_word_embeddings"] = false }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: WeightsError.self) { try Self.load(folder) }
        #expect(error?.problem == "missing tensor 'lm_head.weight'")
    }

    @Test func unsupportedRoPETypeIsRejected() throws {
        let folder = try Self.editedCopy(of: "llama") { config in
            config["rope_scaling"] = ["rope_type": "yarn", "factor": 4.0]
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: ModelError.self) { try Self.load(folder) }
        #expect(error?.problem == "key 'rope_scaling.rope_type': rope type 'yarn' is not supported (supported: default, linear, llama3)")
    }

    @Test func llama3ScalingNeedsItsParameters() throws {
        let folder = try Self.editedCopy(of: "llama") { config in
            config["rope_scaling"] = ["rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0]
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: ModelError.self) { try Self.load(folder) }
        #expect(error?.problem == "missing key 'rope_scaling.original_max_position_embeddings'")
    }

    @Test func partialRotaryIsRefusedForTheLlamaFamily() throws {
        let folder = try Self.editedCopy(of: "qwen2") { $0["partial_rotary_factor"] = 0.5 }
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: ModelError.self) { try Self.load(folder) }
        #expect(error?.problem == "partial_rotary_factor 0.5 is not supported for qwen2 (rotary over the whole head only)")
    }

    // MARK: - Configuration keys

    static func rope(_ json: String) throws -> HFRoPEParameters {
        try JSONDecoder().decode(HFRoPEParameters.self, from: Data(json.utf8))
    }

    /// The same Llama-3.1 RoPE written in transformers v5 style, v4 style, and v4 with the older `type` key.
    @Test func ropeParametersInEveryKeyStyle() throws {
        let v5 = try Self.rope(#"{"rope_parameters": {"rope_theta": 500000.0, "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}"#)
        let v4 = try Self.rope(#"{"rope_theta": 500000.0, "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}"#)
        let older = try Self.rope(#"{"rope_theta": 500000.0, "rope_scaling": {"type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}"#)
        #expect(v4 == older)
        #expect(v5.theta == v4.theta && v5.scaling == v4.scaling && v5.type == v4.type)
        #expect(v5.scaling == .llama3(factor: 8, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalContextLength: 8192))
        #expect(v5.theta == 500_000)
        let plain = try Self.rope(#"{"rope_theta": 1000000.0, "rope_scaling": null}"#)
        #expect(plain.theta == 1_000_000 && plain.type == "default" && plain.scaling == .none)
        #expect(try Self.rope("{}").theta == 10_000)
        #expect(try Self.rope(#"{"rope_scaling": {"type": "linear", "factor": 2.0}}"#).scaling == .linear(factor: 2))
        // Partial rotary: nested wins over top-level; theta from the top level when not nested.
        let partial = try Self.rope(#"{"rope_theta": 500.0, "partial_rotary_factor": 0.25, "rope_parameters": {"rope_type": "default", "partial_rotary_factor": 0.5}}"#)
        #expect(partial.partialRotaryFactor == 0.5 && partial.nestedTheta == nil && partial.theta == 500)
        #expect(try Self.rope(#"{"partial_rotary_factor": 0.4}"#).partialRotaryFactor == 0.4)
        #expect(throws: DecodingError.self) { try Self.rope(#"{"rope_scaling": {"type": "linear", "factor": 0}}"#) }
    }

    /// Llama-3 scaling (factor 8, low 1, high 4, original context 8192), by its definition:
    /// wavelengths under 2048 keep their frequency, over 8192 are divided by 8, between are blended.
    @Test func llama3FrequencyScaling() {
        let scaling = RoPEScaling.llama3(factor: 8, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalContextLength: 8192)
        let high = 2 * Double.pi / 1000, low = 2 * Double.pi / 10_000
        #expect(scaling.scale(high) == high)
        #expect(abs(scaling.scale(low) - low / 8) < 1e-18)
        let middle = 2 * Double.pi / 4096  // 8192 / 4096 = 2 → smooth = (2 − 1) / 3
        let smooth = 1.0 / 3
        #expect(abs(scaling.scale(middle) - ((1 - smooth) * middle / 8 + smooth * middle)) < 1e-15)
        #expect(RoPEScaling.linear(factor: 4).scale(0.5) == 0.125)
    }

    /// Linear scaling by 8 at position 8 is the unscaled rotation at position 1.
    @Test func linearScalingInterpolatesPositions() {
        let scaled = RoPE(pairing: .halves, rotaryDimensions: 8, theta: 10_000, scaling: .linear(factor: 8))
        let plain = RoPE(pairing: .halves, rotaryDimensions: 8, theta: 10_000, scaling: .none)
        var a: [Float] = [1, 2, 3, 4, 5, 6, 7, 8], b = a
        a.withUnsafeMutableBufferPointer { scaled.apply($0.baseAddress!, heads: 1, headSize: 8, position: 8) }
        b.withUnsafeMutableBufferPointer { plain.apply($0.baseAddress!, heads: 1, headSize: 8, position: 1) }
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func qwenSlidingWindowLayers() throws {
        let windows = { (use: Bool?, types: [String]?) in
            try LlamaModel.qwenWindows(useSlidingWindow: use, slidingWindow: 4, maxWindowLayers: 2, layerTypes: types, layers: 4, configPath: "c")
        }
        #expect(try windows(nil, nil).isEmpty)
        #expect(try windows(false, ["sliding_attention", "full_attention", "full_attention", "full_attention"]).isEmpty)
        #expect(try windows(true, nil) == [nil, nil, 4, 4])
        #expect(try windows(true, ["sliding_attention", "full_attention", "sliding_attention", "full_attention"]) == [4, nil, 4, nil])
        #expect(throws: ModelError.self) { try windows(true, ["full_attention"]) }
    }

    /// The mistral fixture's window (8) is shorter than its 24 tokens: without it the logits change.
    @Test func mistralWindowMatters() throws {
        let folder = try Self.editedCopy(of: "mistral") { $0["sliding_window"] = NSNull() }
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids: [Int32] = (0..<24).map { Int32($0 * 5 % 128) }
        func logits(_ model: any CausalLanguageModel) throws -> [Float] {
            let cache = model.makeCache(slots: 1)
            cache.reset(slot: 0, capacity: ids.count)
            return try model.forward([SequenceChunk(slot: 0, tokens: ids, allLogits: true)], cache: cache).values
        }
        let windowed = try logits(Self.load(Self.fixture("mistral")))
        let full = try logits(Self.load(folder))
        let vocabulary = 128
        // Positions 0…7 see at most 8 tokens either way; position 8 on differs.
        #expect(Array(windowed[..<(8 * vocabulary)]) == Array(full[..<(8 * vocabulary)]))
        #expect(zip(windowed[(8 * vocabulary)...], full[(8 * vocabulary)...]).map { abs($0 - $1) }.max() ?? 0 > 1e-2)
    }
}
