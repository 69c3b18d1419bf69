/// The `tokenizer.*` metadata of a GGUF file as plain values (read by the Weights module's GGUF
/// reader; this module does not parse GGUF). `keys` lists what a reader should fill in.
public struct GGUFTokenizerMetadata: Sendable, Equatable {
    /// GGUF `token_type` values.
    public enum TokenType: Int32, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// The GGUF keys the fields come from, in field order.
    public static let keys = [
        "tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.tokens", "tokenizer.ggml.token_type",
        "tokenizer.ggml.merges", "tokenizer.ggml.scores", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id",
        "tokenizer.ggml.unknown_token_id", "tokenizer.ggml.padding_token_id", "tokenizer.ggml.add_bos_token",
        "tokenizer.ggml.add_eos_token", "tokenizer.ggml.add_space_prefix", "tokenizer.chat_template", "general.name",
    ]

    /// `tokenizer.ggml.model`: "gpt2" (byte-level BPE), "llama" (SentencePiece BPE), ...
    public var model: String
    /// `tokenizer.ggml.pre`: "smollm", "gpt2", "llama-bpe", "qwen2", "deepseek-llm", ...
    public var pre: String?
    /// `tokenizer.ggml.tokens`, by id.
    public var tokens: [String]
    /// `tokenizer.ggml.token_type`, by id; empty means all normal.
    public var tokenTypes: [Int32]
    /// `tokenizer.ggml.merges`, `"a b"` by rank (byte-level BPE).
    public var merges: [String]
    /// `tokenizer.ggml.scores`, by id (SentencePiece: the higher, the earlier a token is merged).
    public var scores: [Float]
    public var bosID: Int32?
    public var eosID: Int32?
    public var unkID: Int32?
    public var padID: Int32?
    /// `tokenizer.ggml.add_bos_token`; nil when absent: llama.cpp's default for the family applies
    /// (true for SentencePiece and Llama-3, false otherwise).
    public var addBOS: Bool?
    /// `tokenizer.ggml.add_eos_token`.
    public var addEOS: Bool
    /// `tokenizer.ggml.add_space_prefix`; nil when absent (SentencePiece then adds the space).
    public var addSpacePrefix: Bool?
    /// `tokenizer.chat_template`.
    public var chatTemplate: String?
    /// `general.name`: llama.cpp keys a few per-token attributes on it (Phi-3's right-stripping specials).
    public var modelName: String?

    public init(model: String, pre: String?, tokens: [String], tokenTypes: [Int32], merges: [String],
                scores: [Float] = [], bosID: Int32? = nil, eosID: Int32? = nil, unkID: Int32? = nil, padID: Int32? = nil,
                addBOS: Bool? = nil, addEOS: Bool = false, addSpacePrefix: Bool? = nil, chatTemplate: String? = nil,
                modelName: String? = nil) {
        self.model = model
        self.pre = pre
        self.tokens = tokens
        self.tokenTypes = tokenTypes
        self.merges = merges
        self.scores = scores
        self.bosID = bosID
        self.eosID = eosID
        self.unkID = unkID
        self.padID = padID
        self.addBOS = addBOS
        self.addEOS = addEOS
        self.addSpacePrefix = addSpacePrefix
        self.chatTemplate = chatTemplate
        self.modelName = modelName
    }
}
