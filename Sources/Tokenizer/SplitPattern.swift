/// A split pattern of a byte-level tokenizer, evaluated by a hand-written scanner over Unicode
/// scalars instead of a regex engine. Each case reproduces the matches that tokenizer.json's regex
/// gives under leftmost-first alternation (Oniguruma in HF tokenizers; llama.cpp's own scanners).
///
/// To add a pattern: add a case, its regex source(s) to `regexSources`, and a scanner returning the
/// match ranges.
public enum SplitPattern: Sendable, Equatable, CaseIterable {
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` (GPT-2, SmolLM).
    case gpt2
    /// `(?i:'s|...)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+` (Llama-3).
    case llama3
    /// Llama-3's pattern with `\p{N}` instead of `\p{N}{1,3}` (Qwen2).
    case qwen2
    /// `\p{N}`: every number character on its own (HF `Digits(individual_digits: true)`, llama.cpp "smollm").
    case eachNumber
    /// `\p{N}+`: runs of number characters (HF `Digits(individual_digits: false)`, DeepSeek-LLM).
    case numberRuns
    /// `[\r\n]`: each line-break character (DeepSeek-LLM).
    case lineBreak
    /// DeepSeek-LLM's `\s?[letters of cased scripts]+`.
    case deepSeekLetters
    /// DeepSeek-LLM's `\s?[ASCII and full-width punctuation]+`.
    case deepSeekPunctuation
    /// `\s+$`: the whitespace that ends a piece (DeepSeek-LLM).
    case trailingWhitespace
    /// DeepSeek-LLM's `[CJK and Hangul]+`.
    case deepSeekCJK

    /// The pattern whose regex source (as written in tokenizer.json) is `regex`, or nil when none is known.
    public init?(regex: String) {
        guard let match = Self.allCases.first(where: { $0.regexSources.contains(regex) }) else { return nil }
        self = match
    }

    /// The regex sources this scanner reproduces.
    public var regexSources: [String] {
        switch self {
        case .gpt2: return [#"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#]
        case .llama3:
            return [#"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#]
        case .qwen2:
            return [#"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#]
        case .eachNumber: return [#"\p{N}"#]
        case .numberRuns: return [#"\p{N}+"#]
        case .lineBreak: return ["[\r\n]", #"[\r\n]"#]
        case .deepSeekLetters: return [DeepSeekLLMPatterns.lettersRegex]
        case .deepSeekPunctuation: return [DeepSeekLLMPatterns.punctuationRegex]
        case .trailingWhitespace: return [#"\s+$"#]
        case .deepSeekCJK: return [DeepSeekLLMPatterns.cjkRegex]
        }
    }

    /// The ranges (indices of `scalars`) that the pattern matches, left to right, non-overlapping.
    func matches(in scalars: ArraySlice<Unicode.Scalar>) -> [Range<Int>] {
        switch self {
        case .gpt2: return GPT2Scanner.matches(in: scalars)
        case .llama3: return Llama3Scanner(maxDigits: 3).matches(in: scalars)
        case .qwen2: return Llama3Scanner(maxDigits: 1).matches(in: scalars)
        case .eachNumber:
            return scalars.indices.filter { ScalarClass(scalars[$0]) == .number }.map { $0..<($0 + 1) }
        case .numberRuns:
            var ranges: [Range<Int>] = []
            var index = scalars.startIndex
            while index < scalars.endIndex {
                guard ScalarClass(scalars[index]) == .number else { index += 1; continue }
                let start = index
                while index < scalars.endIndex, ScalarClass(scalars[index]) == .number { index += 1 }
                ranges.append(start..<index)
            }
            return ranges
        case .lineBreak:
            return scalars.indices.filter { scalars[$0] == "\r" || scalars[$0] == "\n" }.map { $0..<($0 + 1) }
        case .deepSeekLetters:
            return DeepSeekLLMPatterns.runs(of: DeepSeekLLMPatterns.letters, optionalLeadingSpace: true, in: scalars)
        case .deepSeekPunctuation:
            return DeepSeekLLMPatterns.runs(of: DeepSeekLLMPatterns.punctuation, optionalLeadingSpace: true, in: scalars)
        case .trailingWhitespace:
            return DeepSeekLLMPatterns.trailingWhitespace(in: scalars)
        case .deepSeekCJK:
            return DeepSeekLLMPatterns.runs(of: DeepSeekLLMPatterns.cjk, optionalLeadingSpace: false, in: scalars)
        }
    }
}

/// The GPT-2 pattern as a scanner. At each position the alternatives are tried in the regex's order
/// and the first that matches wins; every scalar belongs to exactly one match, so the matches
/// partition the text. The only backtracking the regex does is in `\s+(?!\S)`: a whitespace run
/// followed by a non-space gives up its last scalar, which then joins the next word as its ` ?` prefix
/// (when it is U+0020) or becomes a match of its own via `\s+`.
enum GPT2Scanner {
    static func matches(in scalars: ArraySlice<Unicode.Scalar>) -> [Range<Int>] {
        let classes = scalars.map(ScalarClass.init)
        let base = scalars.startIndex
        let count = classes.count
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count / 3 + 1)
        var start = 0
        while start < count {
            let end = matchEnd(from: start, scalars: scalars, classes: classes)
            ranges.append((base + start)..<(base + end))
            start = end
        }
        return ranges
    }

    /// The end (exclusive, an index of `classes`) of the match that starts at `start`.
    private static func matchEnd(from start: Int, scalars: ArraySlice<Unicode.Scalar>, classes: [ScalarClass]) -> Int {
        let count = classes.count
        let base = scalars.startIndex
        let first = scalars[base + start]
        if first == "'", let length = contractionLength(after: start, scalars: scalars, count: count) {
            return start + 1 + length
        }
        // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: the class of the first non-prefix scalar decides.
        var bodyStart = start
        if first == " ", start + 1 < count, classes[start + 1] != .whitespace { bodyStart = start + 1 }
        let bodyClass = classes[bodyStart]
        if bodyClass != .whitespace {
            var end = bodyStart + 1
            while end < count, classes[end] == bodyClass { end += 1 }
            return end
        }
        // `\s+(?!\S)` then `\s+`.
        var end = start + 1
        while end < count, classes[end] == .whitespace { end += 1 }
        if end == count || end - start == 1 { return end }
        return end - 1
    }

    /// Length after the apostrophe of `'s|'t|'re|'ve|'m|'ll|'d` (case-sensitive) at `start`, if any.
    private static func contractionLength(after start: Int, scalars: ArraySlice<Unicode.Scalar>, count: Int) -> Int? {
        let base = scalars.startIndex
        guard start + 1 < count else { return nil }
        let second = scalars[base + start + 1]
        switch second {
        case "s", "t", "m", "d": return 1
        case "r", "v", "l":
            guard start + 2 < count else { return nil }
            let third = scalars[base + start + 2]
            if (second == "r" || second == "v") && third == "e" { return 2 }
            if second == "l" && third == "l" { return 2 }
            return nil
        default: return nil
        }
    }
}
