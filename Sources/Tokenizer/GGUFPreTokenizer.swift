/// GGUF `tokenizer.ggml.pre` values of byte-level vocabularies and the pre-tokenizer each stands
/// for, as in llama.cpp's `llama_vocab::impl::load` and `llm_tokenizer_bpe`.
public enum GGUFPreTokenizer: Sendable, CaseIterable {
    /// GPT-2 pattern only: "gpt2", "gpt-2", "phi-2", "roberta-bpe", or no `pre` key (as transformers'
    /// GGUF conversion does; llama.cpp's "default" adds punctuation and digit splits).
    case gpt2
    /// "smollm": every number character on its own, then the GPT-2 pattern.
    case smolLM
    /// "llama-bpe" (Llama-3): the Llama-3 pattern; a piece that is a whole token skips merging.
    case llama3
    /// "qwen2": Llama-3's pattern with single digits.
    case qwen2
    /// "deepseek-llm": six isolating character-class splits (`DeepSeekLLMPatterns`).
    case deepSeekLLM

    /// The `pre` strings that select this pre-tokenizer.
    public var names: [String] {
        switch self {
        case .gpt2: return ["gpt2", "gpt-2", "phi-2", "roberta-bpe", "default"]
        case .smolLM: return ["smollm"]
        case .llama3: return ["llama3", "llama-v3", "llama-bpe", "falcon3", "pixtral", "dbrx", "smaug-bpe"]
        case .qwen2: return ["qwen2", "deepseek-r1-qwen", "megrez"]
        case .deepSeekLLM: return ["deepseek-llm"]
        }
    }

    /// The pre-tokenizer for `pre`, or nil when not supported.
    public init?(pre: String?) {
        guard let found = Self.allCases.first(where: { $0.names.contains(pre ?? "default") }) else { return nil }
        self = found
    }

    /// llama.cpp's `ignore_merges`: a piece that is itself a vocabulary token is emitted whole.
    public var ignoresMerges: Bool { self == .llama3 }

    /// Whether BOS is added when the file has no `tokenizer.ggml.add_bos_token`.
    public var addsBOSByDefault: Bool { self == .llama3 }

    public var preTokenizer: any PreTokenizer {
        let byteLevelOnly = ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: false)
        func isolating(_ patterns: [SplitPattern]) -> SequencePreTokenizer {
            SequencePreTokenizer(patterns.map { SplitPreTokenizer(pattern: .scanner($0), behavior: .isolated) } + [byteLevelOnly])
        }
        switch self {
        case .gpt2: return ByteLevelPreTokenizer(addPrefixSpace: false)
        case .smolLM:
            return SequencePreTokenizer([
                SplitPreTokenizer(pattern: .scanner(.eachNumber), behavior: .isolated),
                ByteLevelPreTokenizer(addPrefixSpace: false),
            ])
        case .llama3: return isolating([.llama3])
        case .qwen2: return isolating([.qwen2])
        case .deepSeekLLM:
            return isolating([.lineBreak, .deepSeekLetters, .deepSeekPunctuation, .trailingWhitespace, .deepSeekCJK, .numberRuns])
        }
    }
}
