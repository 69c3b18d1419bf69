import Foundation

/// A Hugging Face model folder to load in tests: the tiny sharded llama of TransformerTests'
/// fixtures plus hand-written tokenizer files.
public enum TinyHFFolder {
    public static let tinyLlama = TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny/llama")

    /// Byte-level BPE over "a", "b" with one merge, and special tokens <s> (3) and </s> (4).
    public static let tokenizerJSON = """
        {"added_tokens": [{"id": 3, "content": "<s>", "special": true}, {"id": 4, "content": "</s>", "special": true}],
         "normalizer": null,
         "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
         "post_processor": null,
         "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
         "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "<s>": 3, "</s>": 4}, "merges": [["a", "b"]]}}
        """
    public static let template = "{% for message in messages %}[{{ message['content'] }}]{% endfor %}"

    /// A fresh copy of the tiny llama folder in the temporary folder; `tokenizer` adds
    /// tokenizer.json, tokenizer_config.json (BOS added) and chat_template.jinja;
    /// generation_config.json is replaced by `generation`. The caller removes it.
    /// `family` picks another tiny fixture (`Tests/TransformerTests/Fixtures/tiny/FAMILY`).
    public static func make(tokenizer: Bool, generation: String? = nil, family: String = "llama") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-hffolder-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: tinyLlama.deletingLastPathComponent().appendingPathComponent(family), to: folder)
        func write(_ text: String, _ name: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        if tokenizer {
            try write(tokenizerJSON, "tokenizer.json")
            try write(#"{"bos_token": "<s>", "eos_token": "</s>", "add_bos_token": true}"#, "tokenizer_config.json")
            try write(template, "chat_template.jinja")
        }
        if let generation { try write(generation, "generation_config.json") }
        return folder
    }
}
