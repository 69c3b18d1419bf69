import Weights

extension GGUFTokenizerMetadata {
    /// The keys of `GGUFTokenizerMetadata.keys` from a GGUF file.
    public init(file: GGUFFile) throws {
        let value = { (key: String) in file.metadata[key] }
        let id = { (key: String) in value(key)?.intValue.map(Int32.init) }
        self.init(
            model: try file.string("tokenizer.ggml.model"),
            pre: value("tokenizer.ggml.pre")?.stringValue,
            tokens: try file.strings("tokenizer.ggml.tokens"),
            tokenTypes: value("tokenizer.ggml.token_type") == nil ? [] : try file.ints("tokenizer.ggml.token_type").map(Int32.init),
            merges: value("tokenizer.ggml.merges") == nil ? [] : try file.strings("tokenizer.ggml.merges"),
            scores: value("tokenizer.ggml.scores")?.arrayValue?.compactMap { $0.doubleValue.map(Float.init) } ?? [],
            bosID: id("tokenizer.ggml.bos_token_id"), eosID: id("tokenizer.ggml.eos_token_id"),
            unkID: id("tokenizer.ggml.unknown_token_id"), padID: id("tokenizer.ggml.padding_token_id"),
            addBOS: value("tokenizer.ggml.add_bos_token")?.boolValue,
            addEOS: value("tokenizer.ggml.add_eos_token")?.boolValue ?? false,
            addSpacePrefix: value("tokenizer.ggml.add_space_prefix")?.boolValue,
            chatTemplate: value("tokenizer.chat_template")?.stringValue,
            modelName: value("general.name")?.stringValue)
    }
}
