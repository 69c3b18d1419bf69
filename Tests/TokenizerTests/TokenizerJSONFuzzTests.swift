import Foundation
import NucleusTestSupport
import Testing
@testable import Tokenizer

/// Seeded fuzzing of the tokenizer.json loader on a small real tokenizer (SmolLM2's, cut down by
/// scripts/fixtures/small_tokenizer.py): every mutated file either loads — and then encodes and
/// decodes text — or throws TokenizerError; never a trap, never another error.
@Suite struct TokenizerJSONFuzzTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/smollm2-small-tokenizer.json")
    static let sample = "Hello world, 1234 tokens: <|im_start|>user\nÉtat naïf ✓ 😀\n\t  end<|im_end|>"

    /// Keys the loader and its stage factories read.
    static let keys: Set<String> = [
        "model", "type", "vocab", "merges", "unk_token", "byte_fallback", "ignore_merges", "continuing_subword_prefix",
        "end_of_word_suffix", "added_tokens", "id", "content", "special", "single_word", "lstrip", "rstrip", "normalized",
        "normalizer", "normalizers", "pre_tokenizer", "pretokenizers", "individual_digits", "add_prefix_space",
        "trim_offsets", "use_regex", "post_processor", "single", "pair", "special_tokens", "Sequence", "SpecialToken",
        "type_id", "ids", "tokens", "decoder", "decoders", "pattern", "behavior", "invert", "Regex", "String", "prepend",
        "replacement", "prepend_scheme", "split", "start", "stop", "processors",
    ]

    @Test func startingPointIsARealTokenizer() throws {
        let tokenizer = try Tokenizer(tokenizerJSON: Self.fixture)
        let ids = tokenizer.encode(Self.sample)
        #expect(tokenizer.decode(ids) == Self.sample)
        // Digits pre-tokenised one by one, special tokens kept whole (SmolLM2's ids 1 and 2).
        #expect(tokenizer.encode("1234").map { tokenizer.tokenText($0) } == ["1", "2", "3", "4"])
        #expect(ids.contains(1) && ids.contains(2) && tokenizer.isSpecial(1))
        // Merges apply: " the" is one token of SmolLM2's first merges, not four bytes.
        #expect(tokenizer.encode(" the").count == 1)
    }

    /// Found by the fuzz: one id near Int32.max sized the id tables by it (a 34 GB allocation).
    @Test func hugeTokenIDIsRefused() throws {
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture)) as? [String: Any])
        var model = try #require(document["model"] as? [String: Any])
        var vocab = try #require(model["vocab"] as? [String: Any])
        vocab["Ġthe"] = Int(Int32.max)
        model["vocab"] = vocab
        document["model"] = model
        let error = #expect(throws: TokenizerError.self) {
            try Tokenizer(tokenizerJSONData: JSONSerialization.data(withJSONObject: document))
        }
        #expect(error?.problem == "token id 2147483647 is far beyond the 569 tokens (ids must be nearly dense)")
    }

    @Test func mutatedTokenizerJSON() throws {
        var random = FuzzRandom(seed: FuzzRandom.seed("tokenizer.json", fallback: 0x746F_6B65))
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture))
        let mutator = JSONMutator(keys: Self.keys)
        var loaded = 0, rejected = 0
        let started = Date()
        for index in 0..<FuzzRandom.count {
            let data = mutator.mutate(document, &random)
            do {
                let tokenizer = try Tokenizer(tokenizerJSONData: data)
                let ids = tokenizer.encode(Self.sample)
                _ = tokenizer.decode(ids)
                _ = tokenizer.decode(ids.map { $0 &+ 1 } + [-1, Int32.max])
                loaded += 1
            } catch is TokenizerError {
                rejected += 1
            } catch {
                Issue.record("input \(index): \(type(of: error)): \(error)")
            }
        }
        print("fuzz tokenizer.json: \(loaded + rejected) inputs, \(loaded) loaded, \(rejected) rejected, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(loaded > 0 && rejected > 0)
    }
}
