/// The six isolating splits of DeepSeek-LLM's pre-tokenizer (its tokenizer.json; llama.cpp's
/// `deepseek-llm`), applied in this order before the byte-level mapping:
/// `[\r\n]`, `\s?[Latin, Greek, Cyrillic... letters]+`, `\s?[ASCII and full-width punctuation]+`,
/// `\s+$`, `[CJK and Hangul]+`, `\p{N}+`. The character classes are spelled with escapes in
/// `regexSources` because several of their code points (U+1FBE, U+2126, U+212A...) change under
/// Unicode normalization.
enum DeepSeekLLMPatterns {
    /// The regex sources of the second and third splits, as tokenizer.json and llama.cpp write them.
    static let lettersRegex = "\\s?[A-Za-z\u{B5}\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{1BA}\u{1BC}-\u{1BF}\u{1C4}-\u{293}\u{295}-\u{2AF}"
        + "\u{370}-\u{373}\u{376}\u{377}\u{37B}-\u{37D}\u{37F}\u{386}\u{388}-\u{38A}\u{38C}\u{38E}-\u{3A1}\u{3A3}-\u{3F5}"
        + "\u{3F7}-\u{481}\u{48A}-\u{52F}\u{531}-\u{556}\u{10A0}-\u{10C5}\u{13A0}-\u{13F5}\u{13F8}-\u{13FD}\u{1C90}-\u{1CBA}"
        + "\u{1CBD}-\u{1CBF}\u{1D00}-\u{1D2B}\u{1D6B}-\u{1D77}\u{1D79}-\u{1D9A}\u{1E00}-\u{1F15}\u{1F18}-\u{1F1D}\u{1F20}-\u{1F45}"
        + "\u{1F48}-\u{1F4D}\u{1F50}-\u{1F57}\u{1F59}\u{1F5B}\u{1F5D}\u{1F5F}-\u{1F7D}\u{1F80}-\u{1FB4}\u{1FB6}-\u{1FBC}\u{1FBE}"
        + "\u{1FC2}-\u{1FC4}\u{1FC6}-\u{1FCC}\u{1FD0}-\u{1FD3}\u{1FD6}-\u{1FDB}\u{1FE0}-\u{1FEC}\u{1FF2}-\u{1FF4}\u{1FF6}-\u{1FFC}"
        + "\u{2102}\u{2107}\u{210A}-\u{2113}\u{2115}\u{2119}-\u{211D}\u{2124}\u{2126}\u{2128}\u{212A}-\u{212D}\u{212F}-\u{2134}\u{2139}"
        + "\u{213C}-\u{213F}\u{2145}-\u{2149}\u{214E}\u{2183}\u{2184}\u{2C00}-\u{2C7B}\u{2C7E}-\u{2CE4}\u{2CEB}-\u{2CEE}\u{2CF2}\u{2CF3}"
        + "\u{A640}-\u{A66D}\u{A680}-\u{A69B}\u{A722}-\u{A76F}\u{A771}-\u{A787}\u{A78B}-\u{A78E}\u{AB70}-\u{ABBF}\u{FB00}-\u{FB06}"
        + "\u{FB13}-\u{FB17}\u{FF21}-\u{FF3A}\u{FF41}-\u{FF5A}\u{10400}-\u{1044F}\u{104B0}-\u{104D3}"
        + "\u{104D8}-\u{104FB}\u{10C80}-\u{10CB2}\u{10CC0}-\u{10CF2}\u{118A0}-\u{118DF}"
        + "\u{1E900}-\u{1E943}]+"
    static let punctuationRegex = "\\s?[!-/:-~\u{FF01}-\u{FF0F}\u{FF1A}-\u{FF5E}\u{2018}-\u{201F}\u{3000}-\u{3002}]+"
    static let cjkRegex = "[\u{4E00}-\u{9FA5}\u{800}-\u{4E00}\u{AC00}-\u{D7FF}]+"

    static let letters = ScalarRanges(classRanges(of: lettersRegex))
    static let punctuation = ScalarRanges(classRanges(of: punctuationRegex))
    static let cjk = ScalarRanges(classRanges(of: cjkRegex))

    /// The ranges of the one bracketed class in `regex` (single scalars and `a-b` ranges, no escapes).
    static func classRanges(of regex: String) -> [ClosedRange<UInt32>] {
        let scalars = Array(regex.unicodeScalars)
        guard let open = scalars.firstIndex(of: "["), let close = scalars.lastIndex(of: "]"), open < close else { return [] }
        let body = Array(scalars[(open + 1)..<close])
        var ranges: [ClosedRange<UInt32>] = []
        var index = 0
        while index < body.count {
            let low = body[index].value
            if index + 2 < body.count, body[index + 1] == "-", low <= body[index + 2].value {
                ranges.append(low...body[index + 2].value)
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        return ranges
    }

    /// Matches of `\s?[set]+`: leftmost, a whitespace scalar joins a run when directly before it.
    static func runs(of set: ScalarRanges, optionalLeadingSpace: Bool, in scalars: ArraySlice<Unicode.Scalar>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            var start = index
            if !set.contains(scalars[index]) {
                guard optionalLeadingSpace, index + 1 < scalars.endIndex, ScalarClass(scalars[index]) == .whitespace,
                      set.contains(scalars[index + 1])
                else {
                    index += 1
                    continue
                }
                start = index
                index += 1
            }
            while index < scalars.endIndex, set.contains(scalars[index]) { index += 1 }
            ranges.append(start..<index)
        }
        return ranges
    }

    /// The match of `\s+$`: the whitespace run that ends the piece, if any.
    static func trailingWhitespace(in scalars: ArraySlice<Unicode.Scalar>) -> [Range<Int>] {
        var start = scalars.endIndex
        while start > scalars.startIndex, ScalarClass(scalars[start - 1]) == .whitespace { start -= 1 }
        return start < scalars.endIndex ? [start..<scalars.endIndex] : []
    }
}
