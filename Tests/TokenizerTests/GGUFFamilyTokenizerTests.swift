import Foundation
import NucleusTestSupport
import Testing
import Tokenizer
import Weights

/// The tokenizers llama.cpp's converter writes into each family's GGUF
/// (TransformerTests/Fixtures/tiny-gguf/<family>, scripts/fixtures/tiny_gguf.py): byte-level BPE
/// with the family's pre-tokenizer name (qwen2, phi-2, gpt-2, llama-bpe) and, for Gemma-2, a
/// SentencePiece vocabulary. Each encodes the sample text to the ids Hugging Face `tokenizers`
/// gave with the tokenizer.json the GGUF was converted from (sample.json), as that tokenizer.json
/// does when loaded here.
@Suite struct GGUFFamilyTokenizerTests {
    struct Sample: Decodable {
        var text: String
        var ids: [Int32]
    }

    static let families = ["qwen2", "qwen3", "gemma2", "phi", "gpt_neox", "mistral"]

    static func folder(_ family: String) -> URL {
        TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny-gguf/\(family)")
    }

    @Test(arguments: families)
    func ggufTokenizerEncodesLikeTheHuggingFaceTokenizer(_ family: String) throws {
        let folder = Self.folder(family)
        let sample = try JSONDecoder().decode(Sample.self, from: Data(contentsOf: folder.appendingPathComponent("sample.json")))
        let file = try GGUFFile(path: folder.appendingPathComponent("model.gguf").path)
        let gguf = try Tokenizer(gguf: GGUFTokenizerMetadata(file: file))
        let json = try Tokenizer(tokenizerJSONData: Data(contentsOf: folder.appendingPathComponent("tokenizer.json")))

        #expect(gguf.encode(sample.text, addSpecialTokens: false) == sample.ids, "\(family) GGUF tokenizer")
        #expect(json.encode(sample.text, addSpecialTokens: false) == sample.ids, "\(family) tokenizer.json")
        #expect(gguf.decode(sample.ids) == sample.text)
        #expect(gguf.vocabularySize == 128)
    }

    @Test func specialTokenIDsComeFromTheConverter() throws {
        let gemma = try Tokenizer(gguf: GGUFTokenizerMetadata(file: GGUFFile(path: Self.folder("gemma2").appendingPathComponent("model.gguf").path)))
        #expect(gemma.bosID == 2 && gemma.eosID == 1 && gemma.unkID == 3 && gemma.padID == 0)
        let qwen3 = try Tokenizer(gguf: GGUFTokenizerMetadata(file: GGUFFile(path: Self.folder("qwen3").appendingPathComponent("model.gguf").path)))
        #expect(qwen3.eosID == 2 && qwen3.bosID == nil)
        #expect(qwen3.encode("<|im_start|>hello", addSpecialTokens: false).first == 1)
    }
}
