import Foundation
import NucleusTestSupport
import Testing
@testable import Transformer
import Weights

/// Hostile counts in config.json and GGUF metadata end in a ModelError naming the file, the key,
/// the value and the constraint — before anything is sized by them — and a layer count must
/// match the layers the weights store (a short one would run a truncated model).
@Suite struct ModelCountValidationTests {
    /// Every model_type the registry knows (each has a fixture under Fixtures/tiny).
    static let families = ModelRegistry.supportedModelTypes

    static let countKeyNames = ["hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                                "num_key_value_heads", "head_dim", "vocab_size", "max_position_embeddings",
                                "state_size", "conv_kernel", "time_step_rank"]

    static func fixtureConfig(_ family: String) -> [String: Any] {
        let url = HFArchitectureTests.fixtures.appendingPathComponent("tiny/\(family)/config.json")
        return (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
    }

    /// The count keys each family's fixture config.json carries.
    static let countKeys: [(family: String, key: String)] = families.flatMap { family in
        let config = fixtureConfig(family)
        return countKeyNames.filter { config[$0] != nil }.map { (family, $0) }
    }

    @Test func everyFamilyHasItsCountKeysUnderTest() {
        for family in Self.families {
            let keys = Self.countKeys.filter { $0.family == family }.map(\.key)
            #expect(keys.count >= 6, "\(family): \(keys)")
        }
    }

    @Test(arguments: countKeys.indices)
    func hostileConfigCountNamesFileKeyValueAndBound(_ index: Int) throws {
        let (family, key) = Self.countKeys[index]
        for value in [-1, 0, 1_000_000_000_000] {
            let error = try HFArchitectureTests.withEditedCopy(of: family, { $0[key] = value }) { folder in
                (#expect(throws: ModelError.self, "\(family) \(key) = \(value)") { try HFArchitectureTests.load(folder) }, folder)
            }
            let bound = key == "num_hidden_layers" ? "1...65536" : "1...2147483647"
            #expect(error.0?.file == error.1.appendingPathComponent("config.json").path)
            #expect(error.0?.problem == "key '\(key)': must be in \(bound), got \(value)", "\(family): \(String(describing: error.0))")
        }
    }

    /// More layers than stored, fewer than stored: both refused with the key and the tensor that tells.
    @Test(arguments: families)
    func layerCountMustMatchTheStoredLayers(_ family: String) throws {
        let stored = try #require(Self.fixtureConfig(family)["num_hidden_layers"] as? Int)
        let probe = { (layer: Int) in
            switch family {
            case "gpt_neox": "gpt_neox.layers.\(layer).input_layernorm.weight"
            case "mamba": "backbone.layers.\(layer).norm.weight"
            default: "model.layers.\(layer).input_layernorm.weight"
            }
        }
        for (layers, problem) in [(stored + 2, "has no layer \(stored + 1) (no tensor '\(probe(stored + 1))')"),
                                  (stored - 1, "stores more layers (tensor '\(probe(stored - 1))')")] {
            let error = try HFArchitectureTests.withEditedCopy(of: family, { $0["num_hidden_layers"] = layers; $0["layer_types"] = nil }) { folder in
                #expect(throws: ModelError.self) { try HFArchitectureTests.load(folder) }
            }
            #expect(error?.problem.hasPrefix("num_hidden_layers is \(layers) but ") == true, "\(family): \(String(describing: error))")
            #expect(error?.problem.hasSuffix(problem) == true, "\(family): \(String(describing: error))")
        }
    }

    // MARK: - GGUF

    static func load(_ writer: GGUFWriter) throws -> (any CausalLanguageModel, String) {
        let path = try temporaryFolder("nucleus-gguf").appendingPathComponent("model.gguf").path
        // The loaded model keeps its mapping of the unlinked file.
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try GGUFWriter.write(writer.bytes().bytes, to: path)
        return (try ModelRegistry.load(gguf: GGUFFile(path: path), threads: 1), path)
    }

    static func editing(_ key: String, _ value: GGUFWriter.Value?, of writer: GGUFWriter = .tinyLlama()) -> GGUFWriter {
        var edited = writer
        edited.metadata.removeAll { $0.key == key }
        if let value { edited.add(key, value) }
        return edited
    }

    @Test func tinyGGUFLoadsWithItsHyperparameters() throws {
        let (model, _) = try Self.load(.tinyLlama())
        #expect(model.config.layers == 2 && model.config.dim == 8 && model.config.heads == 2 && model.config.kvHeads == 1)
        #expect(model.config.hiddenDim == 16 && model.config.vocabularySize == 16 && model.config.contextLength == 64)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: 3)
        let logits = try model.forward([SequenceChunk(slot: 0, tokens: [1, 5, 9], allLogits: false)], cache: cache).values
        #expect(logits.count == 16 && logits.allSatisfy(\.isFinite))
    }

    /// Each edit of the tiny GGUF and the one-line problem it must give.
    static let ggufCases: [(String, GGUFWriter.Value?, String)] = [
        ("llama.block_count", .uint32(0), "metadata key 'llama.block_count' must be in 1...65536, got 0"),
        ("llama.block_count", .uint32(UInt32(Int32.max)), "metadata key 'llama.block_count' must be in 1...65536, got 2147483647"),
        ("llama.block_count", .uint32(1), "metadata key 'llama.block_count' is 1 but PATH stores more layers (tensor 'blk.1.attn_norm.weight')"),
        ("llama.block_count", .uint32(3), "metadata key 'llama.block_count' is 3 but PATH has no layer 2 (no tensor 'blk.2.attn_norm.weight')"),
        ("llama.block_count", .string("2"), "metadata key 'llama.block_count' must be an integer, got \"2\""),
        ("llama.block_count", nil, "missing metadata key 'llama.block_count'"),
        ("llama.attention.head_count", .int32(-1), "metadata key 'llama.attention.head_count' must be in 1...2147483647, got -1"),
        ("llama.attention.head_count_kv", .uint32(0), "metadata key 'llama.attention.head_count_kv' must be in 1...2147483647, got 0"),
        ("llama.embedding_length", .uint64(1 << 40), "metadata key 'llama.embedding_length' must be in 1...2147483647, got 1099511627776"),
        ("llama.feed_forward_length", .int32(-5), "metadata key 'llama.feed_forward_length' must be in 1...2147483647, got -5"),
        ("llama.context_length", .uint32(0), "metadata key 'llama.context_length' must be in 1...2147483647, got 0"),
        ("llama.attention.key_length", .uint32(0), "metadata key 'llama.attention.key_length' must be in 1...2147483647, got 0"),
        ("llama.rope.dimension_count", .uint32(2), "partial rotary (rope.dimension_count 2 < head size 4) is not supported for llama"),
        ("llama.rope.scaling.type", .string("linear"), "metadata key 'llama.rope.scaling.type' is \"linear\": scaled RoPE from GGUF is not supported"),
    ]

    @Test(arguments: ggufCases.indices)
    func hostileGGUFMetadataNamesTheKey(_ index: Int) throws {
        let (key, value, expected) = Self.ggufCases[index]
        let writer = Self.editing(key, value)
        let path = try temporaryFolder("nucleus-gguf").appendingPathComponent("model.gguf").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try GGUFWriter.write(writer.bytes().bytes, to: path)
        let file = try GGUFFile(path: path)
        let error = #expect(throws: (any Error).self) { try ModelRegistry.load(gguf: file, threads: 1) }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message == "\(path): \(expected.replacingOccurrences(of: "PATH", with: path))")
    }

    /// A tensor no part of the model reads (here llama3's rope_freqs, whose scaling is not applied) is refused.
    @Test func unusedGGUFTensorIsAnError() throws {
        var writer = GGUFWriter.tinyLlama()
        writer.addF32("rope_freqs.weight", shape: [2], values: [1, 1])
        let error = #expect(throws: ModelError.self) { try Self.load(writer) }
        #expect(error?.problem == "1 tensor(s) not used by a llama model with this file's metadata: 'rope_freqs.weight'")
    }

    /// The real SmolLM2 GGUF (30 layers) rewritten with another block_count: never a truncated model.
    @Test(arguments: [(UInt32(0), "must be in 1...65536, got 0"), (29, "is 29 but PATH stores more layers (tensor 'blk.29.attn_norm.weight')"),
                      (31, "is 31 but PATH has no layer 30 (no tensor 'blk.30.attn_norm.weight')"),
                      (UInt32(Int32.max), "must be in 1...65536, got 2147483647")])
    func smolLM2WithAnotherBlockCountIsRefused(_ blockCount: UInt32, _ problem: String) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestPaths.requireSmolLM2())))
        let key = Array("llama.block_count".utf8)
        let pattern = withUnsafeBytes(of: UInt64(key.count).littleEndian, Array.init) + key + withUnsafeBytes(of: UInt32(4).littleEndian, Array.init)
        let start = try #require(bytes.indices.first { bytes[$0..<min($0 + pattern.count, bytes.count)].elementsEqual(pattern) })
        let valueOffset = start + pattern.count
        #expect(bytes[valueOffset..<(valueOffset + 4)].elementsEqual(withUnsafeBytes(of: UInt32(30).littleEndian, Array.init)))
        bytes.replaceSubrange(valueOffset..<(valueOffset + 4), with: withUnsafeBytes(of: blockCount.littleEndian, Array.init))
        let path = try temporaryFolder("nucleus-smollm2").appendingPathComponent("smollm2.gguf").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try GGUFWriter.write(bytes, to: path)
        let error = #expect(throws: ModelError.self) { try ModelRegistry.load(gguf: GGUFFile(path: path), threads: 1) }
        #expect(error?.file == path)
        #expect(error?.problem == "metadata key 'llama.block_count' " + problem.replacingOccurrences(of: "PATH", with: path))
    }
}
