import Foundation
import NucleusTestSupport
import Testing
@testable import Transformer
import Weights

/// GPT-NeoX, Phi and Gemma-2 from Hugging Face folders: variants the shared acceptance test does
/// not reach, ragged batches, and the errors a bad config.json or checkpoint produces.
@Suite struct HFArchitectureTests {
    static let fixtures = TestPaths.fixtures(besides: #filePath)
    static let tolerance: Float = 1e-4

    struct Reference {
        let ids: [Int32]
        let logits: [Float]
        let vocabularySize: Int

        init(_ folder: URL) throws {
            struct IDs: Decodable { var ids: [Int32] }
            ids = try JSONDecoder().decode(IDs.self, from: Data(contentsOf: folder.appendingPathComponent("ids.json"))).ids
            let array = try NumPyArray.read(from: folder.appendingPathComponent("logits.f32.npy"))
            logits = array.values
            vocabularySize = array.shape[1]
        }

        func rows(_ range: Range<Int>) -> [Float] { Array(logits[(range.lowerBound * vocabularySize)..<(range.upperBound * vocabularySize)]) }
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
    }

    /// A copy of a fixture folder whose config.json has been edited, removed when `body` returns.
    static func withEditedCopy<T>(of family: String, _ edit: (inout [String: Any]) -> Void, _ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-hf-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("tiny/\(family)"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configURL = folder.appendingPathComponent("config.json")
        guard var config = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any] else {
            throw ModelError(file: configURL.path, "fixture config is not a JSON object")
        }
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        return try body(folder)
    }

    static func load(_ folder: URL) throws -> any CausalLanguageModel {
        try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 2)
    }

    // MARK: - Against transformers

    /// Sequential residual without attention biases (GPT-NeoX), full rotary with a tied head
    /// (Phi), v4 config keys with default layer alternation and no final soft-cap (Gemma-2),
    /// scaled RoPE over a partial rotary: llama3 in v5 keys (GPT-NeoX), linear in v4's
    /// `rope_scaling {type}` (Phi).
    @Test(arguments: ["gpt_neox_sequential", "phi_full_rotary_tied", "gemma2_legacy", "gpt_neox_llama3_rope", "phi_linear_rope_legacy"])
    func variantsMatchTransformers(_ variant: String) throws {
        let folder = Self.fixtures.appendingPathComponent("tiny_variants/\(variant)")
        let reference = try Reference(folder)
        let model = try Self.load(folder)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: reference.ids.count)
        let whole = try model.forward([SequenceChunk(slot: 0, tokens: reference.ids, allLogits: true)], cache: cache).values
        let difference = Self.maxDifference(whole, reference.logits)
        #expect(difference <= Self.tolerance, "\(variant): max |Δ| = \(difference)")

        cache.reset(slot: 0, capacity: reference.ids.count)
        var stepped: [Float] = []
        for range in [0..<3, 3..<4, 4..<5, 5..<reference.ids.count] {
            stepped += try model.forward([SequenceChunk(slot: 0, tokens: Array(reference.ids[range]), allLogits: true)], cache: cache).values
        }
        let steppedDifference = Self.maxDifference(stepped, reference.logits)
        #expect(steppedDifference <= Self.tolerance, "\(variant) through the cache: max |Δ| = \(steppedDifference)")
    }

    /// Three ragged chunks in one step: a whole sequence, a prefix, and a continuation that asks
    /// only for its last row; each matches the reference rows of its positions.
    @Test(arguments: ["gpt_neox", "phi", "gemma2"])
    func raggedBatchMatchesTheReference(_ family: String) throws {
        let folder = Self.fixtures.appendingPathComponent("tiny/\(family)")
        let reference = try Reference(folder)
        let model = try Self.load(folder)
        let ids = reference.ids
        let cache = model.makeCache(slots: 3)
        for slot in 0..<3 { cache.reset(slot: slot, capacity: ids.count) }
        _ = try model.forward([SequenceChunk(slot: 2, tokens: Array(ids[0..<9]))], cache: cache)
        let rows = try model.forward([
            SequenceChunk(slot: 0, tokens: ids, allLogits: true),
            SequenceChunk(slot: 1, tokens: Array(ids[0..<13]), allLogits: true),
            SequenceChunk(slot: 2, tokens: Array(ids[9..<20])),
        ], cache: cache)
        #expect(rows.rowOffsets == [0, ids.count, ids.count + 13, ids.count + 14])
        let whole = Array(rows.values[0..<(ids.count * reference.vocabularySize)])
        let prefix = Array(rows.values[(ids.count * reference.vocabularySize)..<((ids.count + 13) * reference.vocabularySize)])
        #expect(Self.maxDifference(whole, reference.logits) <= Self.tolerance)
        #expect(Self.maxDifference(prefix, reference.rows(0..<13)) <= Self.tolerance)
        #expect(Self.maxDifference(Array(rows.lastRow(ofChunk: 2)), reference.rows(19..<20)) <= Self.tolerance)
        #expect(cache.length(slot: 0) == ids.count && cache.length(slot: 1) == 13 && cache.length(slot: 2) == 20)
    }

    // MARK: - Config decoding

    @Test func gptNeoXAcceptsEveryRopeKeyStyle() throws {
        func decode(_ json: String) throws -> GPTNeoXConfiguration {
            let base = #""hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100"#
            return try HFCheckpoint.decode(GPTNeoXConfiguration.self, from: Data("{\(base)\(json)}".utf8), path: "config.json")
        }
        let defaults = try decode("")
        #expect(defaults.ropeTheta == 10_000 && defaults.rotaryDimensions == 4)  // rotary_pct 0.25 of 16
        #expect(defaults.parallelResidual && defaults.attentionBias && defaults.activation == .gelu)
        let pythia = try decode(#", "rotary_emb_base": 20000, "rotary_pct": 0.5"#)
        #expect(pythia.ropeTheta == 20_000 && pythia.rotaryDimensions == 8)
        let v4 = try decode(#", "rope_theta": 30000, "rotary_pct": 1.0"#)
        #expect(v4.ropeTheta == 30_000 && v4.rotaryDimensions == 16)
        let v5 = try decode(#", "rope_parameters": {"rope_type": "default", "rope_theta": 500, "partial_rotary_factor": 0.5}, "rotary_pct": 0.25"#)
        #expect(v5.ropeTheta == 500 && v5.rotaryDimensions == 8)
    }

    @Test func gemma2DefaultsFollowTransformers() throws {
        let json = #"{"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 5, "num_attention_heads": 4, "#
            + #""num_key_value_heads": 2, "head_dim": 16, "vocab_size": 100, "sliding_window": null}"#
        let c = try HFCheckpoint.decode(Gemma2Configuration.self, from: Data(json.utf8), path: "config.json")
        #expect(c.layerTypes == [.sliding, .full, .sliding, .full, .sliding])
        #expect(c.slidingWindow == nil)
        #expect(c.attentionSoftCap == 50 && c.finalSoftCap == 30)
        #expect(c.queryPreAttentionScalar == 256 && c.tiedEmbeddings && c.activation == .geluTanh)
    }

    @Test func gptNeoXQKVRowsAreRegroupedByProjection() {
        // Two heads of size 2, one column: stored per head as [q q k k v v].
        let stored: [Float] = [1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16]
        #expect(GPTNeoXModel.groupByProjection(stored, heads: 2, headSize: 2, width: 1)
                == [1, 2, 11, 12, 3, 4, 13, 14, 5, 6, 15, 16])
    }

    // MARK: - Errors

    @Test(arguments: [("gpt_neox", "hidden_size"), ("phi", "num_attention_heads"), ("gemma2", "head_dim")])
    func missingConfigKeyIsNamed(_ family: String, _ key: String) throws {
        let error = try Self.withEditedCopy(of: family, { $0[key] = nil }) { folder in
            #expect(throws: ModelError.self) { try Self.load(folder) }
        }
        #expect(error?.file.hasSuffix("/config.json") == true)
        #expect(error?.problem == "missing key '\(key)'")
    }

    @Test func unsupportedActivationNamesTheKeyAndTheChoices() throws {
        let error = try Self.withEditedCopy(of: "gpt_neox", { $0["hidden_act"] = "quick_gelu" }) { folder in
            #expect(throws: ModelError.self) { try Self.load(folder) }
        }
        #expect(error?.problem.hasPrefix("key 'hidden_act': unsupported activation 'quick_gelu' (supported: gelu, gelu_new") == true)
    }

    /// The scaling of the two scaled variants matters: without it the logits move well past the tolerance.
    @Test(arguments: [("gpt_neox_llama3_rope", "rope_parameters"), ("phi_linear_rope_legacy", "rope_scaling")])
    func ropeScalingChangesTheLogits(_ variant: String, _ key: String) throws {
        let folder = Self.fixtures.appendingPathComponent("tiny_variants/\(variant)")
        let reference = try Reference(folder)
        let unscaled = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-hf-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: folder, to: unscaled)
        defer { try? FileManager.default.removeItem(at: unscaled) }
        let configURL = unscaled.appendingPathComponent("config.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        var rope = try #require(config[key] as? [String: Any])
        rope["rope_type"] = "default"
        rope["type"] = nil
        config[key] = rope
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        let model = try Self.load(unscaled)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: reference.ids.count)
        let logits = try model.forward([SequenceChunk(slot: 0, tokens: reference.ids, allLogits: true)], cache: cache).values
        #expect(Self.maxDifference(logits, reference.logits) > 1e-2)
    }

    /// Every architecture reads RoPE through `HFRoPEParameters`: an unsupported scaling is refused
    /// with the same message naming the key, whichever family and key style.
    @Test(arguments: ["llama", "mistral", "qwen2", "qwen3", "gpt_neox", "phi", "gemma2"])
    func unsupportedRopeScalingIsRefusedAlike(_ family: String) throws {
        let error = try Self.withEditedCopy(of: family, {
            $0["rope_parameters"] = nil
            $0["rope_scaling"] = ["type": "dynamic", "factor": 2.0]
        }) { folder in
            #expect(throws: ModelError.self) { try Self.load(folder) }
        }
        #expect(error?.problem == "key 'rope_scaling.type': rope type 'dynamic' is not supported (supported: default, linear, llama3)")
    }

    @Test(arguments: [
        ("phi", "intermediate_size", 48, "tensor 'model.layers.0.mlp.fc1.weight' has shape [64, 32], expected [48, 32]"),
        ("gemma2", "head_dim", 8, "tensor 'model.layers.0.self_attn.q_proj.weight' has shape [64, 32], expected [32, 32]"),
        ("gpt_neox", "vocab_size", 100, "tensor 'gpt_neox.embed_in.weight' has shape [128, 32], expected [100, 32]"),
    ])
    func tensorWithTheWrongShapeIsNamedWithBothShapes(_ family: String, _ key: String, _ value: Int, _ problem: String) throws {
        let (error, folder) = try Self.withEditedCopy(of: family, { $0[key] = value }) { folder in
            (#expect(throws: WeightsError.self) { try Self.load(folder) }, folder)
        }
        #expect(error?.file == folder.path)
        #expect(error?.problem == problem)
    }

    /// Biases stored but switched off in config.json would be silently dropped: every loader refuses.
    @Test func tensorsTheConfigDoesNotExplainAreRejected() throws {
        let error = try Self.withEditedCopy(of: "gpt_neox", { $0["attention_bias"] = false }) { folder in
            #expect(throws: ModelError.self) { try Self.load(folder) }
        }
        #expect(error?.problem == "6 tensor(s) not used by a gpt_neox model with this config.json: 'gpt_neox.layers.0.attention.dense.bias', 'gpt_neox.layers.0.attention.query_key_value.bias', 'gpt_neox.layers.1.attention.dense.bias', …")
    }

    @Test func emptyChunkIsRejectedBeforeTheCacheChanges() throws {
        let model = try Self.load(Self.fixtures.appendingPathComponent("tiny/phi"))
        let cache = model.makeCache(slots: 2)
        cache.reset(slot: 0, capacity: 4)
        cache.reset(slot: 1, capacity: 4)
        #expect(throws: ModelError.self) {
            try model.forward([SequenceChunk(slot: 0, tokens: [1, 2]), SequenceChunk(slot: 1, tokens: [])], cache: cache)
        }
        #expect(cache.length(slot: 0) == 0)
    }
}
