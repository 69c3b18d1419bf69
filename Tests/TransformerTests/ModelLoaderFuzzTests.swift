import Foundation
import NucleusTestSupport
import Testing
@testable import Transformer
import Weights

/// Seeded fuzzing of the model loaders: mutated GGUF files and config.json files either load (and
/// then run a forward step) or throw ModelError/WeightsError — never a trap, never another error.
@Suite struct ModelLoaderFuzzTests {
    enum Outcome { case loaded, rejected }

    /// Loads with `load`, runs two tokens through a loaded model, and sorts the result.
    static func attempt(_ load: () throws -> any CausalLanguageModel) throws -> Outcome {
        let model: any CausalLanguageModel
        do {
            model = try load()
        } catch is ModelError {
            return .rejected
        } catch is WeightsError {
            return .rejected
        }
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: 2)
        let tokens: [Int32] = [0, Int32(model.config.vocabularySize - 1)]
        _ = try model.forward([SequenceChunk(slot: 0, tokens: tokens, allLogits: true)], cache: cache)
        return .loaded
    }

    /// Values a lying integer field takes: boundaries, near misses of the original, random bits.
    static func lie(_ original: UInt64, width: Int, _ random: inout FuzzRandom) -> UInt64 {
        let mask: UInt64 = width == 8 ? .max : (1 << UInt64(width * 8)) - 1
        let choices: [UInt64] = [0, 1, original &+ 1, original &- 1, original &* 2, original / 2, mask, mask >> 1,
                                 UInt64(Int32.max), 1 << 31, 1 << 32, 1 << 40, 1 << 62, random.next()]
        return random.pick(choices) & mask
    }

    /// The tiny GGUF, its header lied to in one to three integer fields, or its bytes damaged.
    static func mutatedGGUF(_ base: (bytes: [UInt8], fields: [GGUFWriter.Field]), _ random: inout FuzzRandom) -> [UInt8] {
        var bytes = base.bytes
        if random.chance(25) { return ByteMutation.mutate(bytes, &random) }
        for _ in 0..<(1 + random.below(3)) {
            let field = random.pick(base.fields)
            var original: UInt64 = 0
            for byte in (0..<field.width).reversed() { original = original << 8 | UInt64(bytes[field.offset + byte]) }
            let value = lie(original, width: field.width, &random)
            for byte in 0..<field.width { bytes[field.offset + byte] = UInt8(truncatingIfNeeded: value >> UInt64(8 * byte)) }
        }
        return bytes
    }

    @Test func ggufThroughTheModelLoader() throws {
        var random = FuzzRandom(seed: FuzzRandom.seed("GGUF model loader", fallback: 0x6767_7566))
        let base = GGUFWriter.tinyLlama().bytes()
        let folder = try temporaryFolder("nucleus-fuzz-gguf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("model.gguf").path
        var outcomes: [Outcome] = []
        let started = Date()
        for index in 0..<FuzzRandom.count {
            try GGUFWriter.write(Self.mutatedGGUF(base, &random), to: path)
            do {
                outcomes.append(try Self.attempt { try ModelRegistry.load(gguf: GGUFFile(path: path), threads: 1) })
            } catch {
                Issue.record("input \(index) (seed state \(random.state)): \(type(of: error)): \(error)")
            }
        }
        let loaded = outcomes.filter { $0 == .loaded }.count
        print("fuzz GGUF model loader: \(outcomes.count) inputs, \(loaded) loaded, \(outcomes.count - loaded) rejected, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(loaded > 0 && loaded < outcomes.count)
    }

    /// Every key the config decoders read (all eight families, RoPE included).
    static let configKeys: Set<String> = [
        "model_type", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
        "head_dim", "vocab_size", "rms_norm_eps", "max_position_embeddings", "tie_word_embeddings", "hidden_act",
        "hidden_activation", "attention_bias", "mlp_bias", "sliding_window", "use_sliding_window", "max_window_layers",
        "layer_types", "rope_theta", "rope_scaling", "rope_parameters", "partial_rotary_factor", "layer_norm_eps",
        "use_parallel_residual", "rotary_emb_base", "rotary_pct", "qk_layernorm", "query_pre_attn_scalar",
        "attn_logit_softcapping", "final_logit_softcapping", "rope_type", "type", "factor", "low_freq_factor",
        "high_freq_factor", "original_max_position_embeddings",
        "state_size", "conv_kernel", "expand", "time_step_rank", "layer_norm_epsilon", "use_bias", "use_conv_bias",
    ]

    @Test func configJSONThroughTheLoaders() throws {
        var random = FuzzRandom(seed: FuzzRandom.seed("config.json", fallback: 0x636F_6E66))
        let mutator = JSONMutator(keys: Self.configKeys)
        let families = ModelCountValidationTests.families
        let root = try temporaryFolder("nucleus-fuzz-config")
        defer { try? FileManager.default.removeItem(at: root) }
        var originals: [String: Any] = [:]
        for family in families {
            let folder = root.appendingPathComponent(family)
            try FileManager.default.copyItem(at: HFArchitectureTests.fixtures.appendingPathComponent("tiny/\(family)"), to: folder)
            originals[family] = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("config.json")))
        }
        var outcomes: [Outcome] = []
        let started = Date()
        for index in 0..<FuzzRandom.count {
            let family = families[index % families.count]
            let folder = root.appendingPathComponent(family)
            try mutator.mutate(originals[family]!, &random).write(to: folder.appendingPathComponent("config.json"), options: .atomic)
            do {
                outcomes.append(try Self.attempt { try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 1) })
            } catch {
                Issue.record("input \(index) (\(family), seed state \(random.state)): \(type(of: error)): \(error)")
            }
        }
        let loaded = outcomes.filter { $0 == .loaded }.count
        print("fuzz config.json loaders: \(outcomes.count) inputs, \(loaded) loaded, \(outcomes.count - loaded) rejected, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(loaded > 0 && loaded < outcomes.count)
    }
}
