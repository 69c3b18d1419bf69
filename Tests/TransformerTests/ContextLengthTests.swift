import Foundation
import NucleusTestSupport
import Testing
import Transformer
import Weights

/// The context length read without loading weights is the one the loaded model runs with.
@Suite struct ContextLengthTests {
    static let folders = TinyModelReferenceTests.families.map { "tiny/\($0)" }
        + ["tiny_variants/gemma2_legacy", "tiny_variants/gpt_neox_sequential", "tiny_variants/phi_linear_rope_legacy"]

    @Test(arguments: folders)
    func configAloneGivesTheLoadedContextLength(_ name: String) throws {
        let folder = TestPaths.fixtures(besides: #filePath).appendingPathComponent(name)
        let checkpoint = try HFCheckpoint(folder: folder.path)
        let loaded = try ModelRegistry.load(huggingFace: checkpoint, threads: 1)
        #expect(try ModelRegistry.contextLength(huggingFace: checkpoint) == loaded.config.contextLength)
    }

    @Test
    func ggufMetadataGivesTheLoadedContextLength() throws {
        let file = try GGUFFile(path: TestPaths.requireSmolLM2())
        let loaded = try ModelRegistry.load(gguf: file, threads: 1)
        #expect(try ModelRegistry.contextLength(gguf: file) == loaded.config.contextLength)
        #expect(loaded.config.contextLength == 8192)
    }
}
