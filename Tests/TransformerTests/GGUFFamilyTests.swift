import Foundation
import NucleusTestSupport
import Testing
import Transformer
import Weights

/// Every family from GGUF against transformers: the tiny Hugging Face fixtures converted by
/// llama.cpp's own converter (Fixtures/tiny-gguf/<family>/model.gguf, made by
/// scripts/fixtures/tiny_gguf.py) give transformers' logits of the folder
/// (Fixtures/tiny/<family>/logits.f32.npy) within 1e-4 at every position. Mistral converts to
/// the llama architecture without its sliding window, so its reference is transformers' logits
/// with full attention (Fixtures/tiny-gguf/mistral/logits.f32.npy).
@Suite struct GGUFFamilyTests {
    struct Reference: Decodable { var ids: [Int32] }

    /// Fixture folder → the `general.architecture` llama.cpp's converter writes for it.
    static let architectures = [
        "qwen2": "qwen2", "qwen3": "qwen3", "gemma2": "gemma2", "phi": "phi2", "gpt_neox": "gptneox", "mistral": "llama",
    ]
    static let tolerance: Float = 1e-4

    static var fixtures: URL { TestPaths.fixtures(besides: #filePath) }
    static func gguf(_ family: String) -> String { fixtures.appendingPathComponent("tiny-gguf/\(family)/model.gguf").path }

    @Test func everyHuggingFaceFamilyHasAGGUFArchitecture() {
        #expect(Set(Self.architectures.values).isSubset(of: Set(ModelRegistry.supportedArchitectures)))
        // Every model_type except llama (whose GGUF path has its own tests) and mamba (no GGUF
        // loader yet: README "Mamba") has a fixture here.
        #expect(Set(ModelRegistry.supportedModelTypes).subtracting(["llama", "mamba"]) == Set(Self.architectures.keys))
    }

    @Test(arguments: architectures.keys.sorted())
    func logitsMatchTransformersAtEveryPosition(_ family: String) throws {
        let tiny = Self.fixtures.appendingPathComponent("tiny/\(family)")
        let ids = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: tiny.appendingPathComponent("ids.json"))).ids
        let ownReference = Self.fixtures.appendingPathComponent("tiny-gguf/\(family)/logits.f32.npy")
        let expected = try NumPyArray.read(from: FileManager.default.fileExists(atPath: ownReference.path)
                                           ? ownReference : tiny.appendingPathComponent("logits.f32.npy"))
        let file = try GGUFFile(path: Self.gguf(family))
        #expect(try file.string("general.architecture") == Self.architectures[family])
        let model = try ModelRegistry.load(gguf: file, threads: 2)
        #expect(model.config.architecture == Self.architectures[family])
        #expect(expected.shape == [ids.count, model.config.vocabularySize])
        #expect(try ModelRegistry.contextLength(gguf: file) == model.config.contextLength)

        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: ids.count)
        let whole = try model.forward([SequenceChunk(slot: 0, tokens: ids, allLogits: true)], cache: cache).values
        #expect(whole.count == expected.values.count)
        let difference = zip(whole, expected.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= Self.tolerance, "\(family) from GGUF: max |Δ| = \(difference)")

        cache.reset(slot: 0, capacity: ids.count)
        var stepped: [Float] = []
        for range in [0..<7, 7..<8, 8..<ids.count] {
            stepped += try model.forward([SequenceChunk(slot: 0, tokens: Array(ids[range]), allLogits: true)], cache: cache).values
        }
        let steppedDifference = zip(stepped, expected.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(steppedDifference <= Self.tolerance, "\(family) from GGUF through the cache: max |Δ| = \(steppedDifference)")
    }

    /// Phi-2 files converted from the original `Wqkv` checkpoints hold one fused `attn_qkv` per
    /// layer ([Q | K | V] rows): the fixture's separate q/k/v rewritten that way gives the same logits.
    @Test func phi2FusedQKVRunsLikeSeparateProjections() throws {
        let path = try Self.rewrite("phi", metadata: { $1 }) { stored in
            var fused: Tensors = []
            for (name, shape, values) in stored {
                guard let range = name.range(of: ".attn_q.") else {
                    if !name.contains(".attn_k.") && !name.contains(".attn_v.") { fused.append((name, shape, values)) }
                    continue
                }
                let parts = try ["attn_q", "attn_k", "attn_v"].map { projection in
                    try #require(stored.first { $0.name == name.replacingCharacters(in: range, with: ".\(projection).") })
                }
                let rows = parts.reduce(0) { $0 + $1.shape[0] }
                fused.append((name.replacingCharacters(in: range, with: ".attn_qkv."), [rows] + shape.dropFirst(), parts.flatMap(\.values)))
            }
            return fused
        }
        defer { Self.remove(path) }
        let file = try GGUFFile(path: path)
        #expect(file.hasTensor("blk.0.attn_qkv.weight") && !file.hasTensor("blk.0.attn_q.weight"))
        let ids = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("tiny/phi/ids.json"))).ids
        let expected = try NumPyArray.read(from: Self.fixtures.appendingPathComponent("tiny/phi/logits.f32.npy"))
        let model = try ModelRegistry.load(gguf: file, threads: 1)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: ids.count)
        let logits = try model.forward([SequenceChunk(slot: 0, tokens: ids, allLogits: true)], cache: cache).values
        let difference = zip(logits, expected.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(logits.count == expected.values.count && difference <= Self.tolerance, "max |Δ| = \(difference)")
    }

    /// A required key each family's mapping reads, and a tensor whose shape it checks.
    static let brokenCases: [(family: String, key: String, tensor: String)] = [
        ("qwen2", "qwen2.attention.layer_norm_rms_epsilon", "blk.1.attn_q.bias"),
        ("qwen3", "qwen3.attention.head_count", "blk.0.attn_q_norm.weight"),
        ("gemma2", "gemma2.feed_forward_length", "blk.2.post_ffw_norm.weight"),
        ("phi", "phi2.rope.dimension_count", "blk.0.attn_q.weight"),
        ("gpt_neox", "gptneox.attention.layer_norm_epsilon", "blk.1.attn_qkv.weight"),
    ]

    @Test(arguments: brokenCases.map(\.family))
    func missingKeyIsNamed(_ family: String) throws {
        let key = try #require(Self.brokenCases.first { $0.family == family }).key
        let path = try Self.rewrite(family) { key == $0 ? nil : $1 } tensor: { _, shape in shape }
        defer { Self.remove(path) }
        // A ModelError or the file's WeightsError: either way the message names the file and the key.
        let error = #expect(throws: (any Error).self) { try ModelRegistry.load(gguf: GGUFFile(path: path), threads: 1) }
        let message = error.map { "\($0)" } ?? "no error"
        #expect(message.contains(path) && message.contains("'\(key)'"), "\(message)")
    }

    @Test(arguments: brokenCases.map(\.family))
    func wrongTensorShapeIsNamed(_ family: String) throws {
        let tensor = try #require(Self.brokenCases.first { $0.family == family }).tensor
        // One row or element fewer than the metadata implies.
        let path = try Self.rewrite(family) { $1 } tensor: { name, shape in
            name == tensor ? [shape[0] - 1] + shape.dropFirst() : shape
        }
        defer { Self.remove(path) }
        let error = #expect(throws: (any Error).self) { try ModelRegistry.load(gguf: GGUFFile(path: path), threads: 1) }
        let message = error.map { "\($0)" } ?? "no error"
        #expect(message.contains(path) && message.contains("'\(tensor)'"), "\(message)")
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    /// The family's fixture rewritten with its scalar metadata passed through `metadata` (nil drops a
    /// key) and each tensor's row-major shape through `tensor` (the values cut to fit). Array
    /// metadata (the tokenizer) is left out: the network does not read it.
    static func rewrite(_ family: String, metadata: (String, GGUFWriter.Value) -> GGUFWriter.Value?,
                        tensor: (String, [Int]) -> [Int]) throws -> String {
        try rewrite(family, metadata: metadata) { stored in
            stored.map { name, shape, values in
                let changed = tensor(name, shape)
                return (name, changed, Array(values.prefix(changed.reduce(1, *))))
            }
        }
    }

    typealias Tensors = [(name: String, shape: [Int], values: [Float])]

    /// The family's fixture with its scalar metadata through `metadata` and its tensors (row-major
    /// shapes, in file order) through `tensors`.
    static func rewrite(_ family: String, metadata: (String, GGUFWriter.Value) -> GGUFWriter.Value?,
                        tensors: (Tensors) throws -> Tensors) throws -> String {
        let file = try GGUFFile(path: gguf(family))
        var writer = GGUFWriter()
        for key in file.metadataKeys {
            let value: GGUFWriter.Value
            switch file.metadata[key] {
            case .uint(let v)?: value = .uint32(UInt32(truncatingIfNeeded: v))
            case .int(let v)?: value = .int32(Int32(truncatingIfNeeded: v))
            case .float(let v)?: value = .float32(Float(v))
            case .bool(let v)?: value = .bool(v)
            case .string(let v)?: value = .string(v)
            default: continue
            }
            if let kept = metadata(key, value) { writer.add(key, kept) }
        }
        let stored = try file.tensors.map { (name: $0.name, shape: $0.shape, values: try file.floats($0.name)) }
        for (name, shape, values) in try tensors(stored) { writer.addF32(name, shape: shape, values: values) }
        let folder = try temporaryFolder("nucleus-gguf-\(family)")
        let path = folder.appendingPathComponent("model.gguf").path
        try GGUFWriter.write(writer.bytes().bytes, to: path)
        return path
    }
}
