import Foundation
import NucleusTestSupport
import Testing
@testable import Transformer
import Weights

/// `parameterCount` counts what was loaded, per architecture (biases, LayerNorm shifts, Q/K norms,
/// Phi's head bias, a tied head once): it equals the element count of the checkpoint's tensors.
@Suite struct ParameterCountTests {
    static let fixtures = TestPaths.fixtures(besides: #filePath)

    static let folders = ["llama", "mistral", "qwen2", "qwen3", "gpt_neox", "phi", "gemma2"].map { "tiny/\($0)" }
        + ["gpt_neox_sequential", "phi_full_rotary_tied", "gemma2_legacy"].map { "tiny_variants/\($0)" }

    @Test(arguments: folders)
    func equalsTheElementsStoredInTheSafetensorsFiles(_ folder: String) throws {
        let checkpoint = try HFCheckpoint(folder: Self.fixtures.appendingPathComponent(folder).path)
        let stored = checkpoint.tensors.tensorNames.reduce(0) { $0 + (checkpoint.tensors.shape(of: $1) ?? []).reduce(1, *) }
        let model = try ModelRegistry.load(huggingFace: checkpoint, threads: 1)
        #expect(model.parameterCount == stored)
    }

    /// The tiny GPT-NeoX by hand (hidden 32, intermediate 64, 3 layers, vocab 128, untied, biases
    /// everywhere): embed_in and embed_out 128·32 each; per layer two LayerNorms 4·32, QKV 96·32 + 96,
    /// dense 32·32 + 32, h→4h 64·32 + 64, 4h→h 32·64 + 32; final LayerNorm 2·32.
    @Test func gptNeoXByHand() throws {
        let model = try ModelRegistry.load(huggingFace: HFCheckpoint(folder: Self.fixtures.appendingPathComponent("tiny/gpt_neox").path), threads: 1)
        let perLayer = 4 * 32 + (96 * 32 + 96) + (32 * 32 + 32) + (64 * 32 + 64) + (32 * 64 + 32)
        #expect(model.parameterCount == 2 * 128 * 32 + 3 * perLayer + 2 * 32)
        #expect(model.parameterCount == 33_888)
    }

    @Test func ggufCountEqualsItsTensorElements() throws {
        let file = try GGUFFile(path: TestPaths.requireSmolLM2())
        let model = try ModelRegistry.load(gguf: file, threads: 1)
        #expect(model.parameterCount == file.tensors.reduce(0) { $0 + $1.elementCount })
    }
}
