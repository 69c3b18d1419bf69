import Foundation
import NucleusTestSupport
import Testing
import Tokenizer
import Weights

/// The tokenizer `nucleus run` and `nucleus tokenize` build from a GGUF's metadata, on llama.cpp's vocabulary files
/// (ids from their .gguf.out cases; BOS by the family's rule: SentencePiece and Llama-3 add it).
@Suite struct GGUFTokenizerReadingTests {
    static func tokenizer(_ name: String) throws -> Tokenizer {
        let path = try TestPaths.existing(TestPaths.vocabularies.appendingPathComponent("ggml-vocab-\(name).gguf").path,
                                          providedBy: "scripts/setup.sh")
        return try Tokenizer(gguf: GGUFTokenizerMetadata(file: GGUFFile(path: path)))
    }

    @Test(arguments: [
        ("llama-spm", [Int32(15043), 3186], Int32(1)),
        ("llama-bpe", [9906, 1917], 128000),
        ("phi-3", [15043, 3186], 1),
    ])
    func readsScoresAndTheFamilysBOSRule(name: String, ids: [Int32], bos: Int32) throws {
        let tokenizer = try Self.tokenizer(name)
        #expect(tokenizer.encode("Hello world", addSpecialTokens: false) == ids)
        #expect(tokenizer.encode("Hello world") == [bos] + ids)
        #expect(tokenizer.decode(ids) == "Hello world")
    }
}
