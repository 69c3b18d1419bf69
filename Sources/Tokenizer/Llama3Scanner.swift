/// The Llama-3 and Qwen2 split patterns as a scanner:
/// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
/// with `\p{N}{1,3}` (Llama-3) or `\p{N}` (Qwen2). Alternatives are tried in the regex's order at
/// each position, the first that matches wins, and every scalar belongs to one match. Against
/// GPT-2's pattern: contractions ignore case, one non-letter (a space, a bracket, a tab) may lead a
/// word, digits come in groups of at most `maxDigits`, and a whitespace run containing line breaks
/// ends after its last line break.
struct Llama3Scanner {
    /// 3 for Llama-3, 1 for Qwen2.
    let maxDigits: Int

    func matches(in scalars: ArraySlice<Unicode.Scalar>) -> [Range<Int>] {
        let classes = scalars.map(ScalarClass.init)
        let base = scalars.startIndex
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(classes.count / 3 + 1)
        var start = 0
        while start < classes.count {
            let end = matchEnd(from: start, scalars: scalars, classes: classes)
            ranges.append((base + start)..<(base + end))
            start = end
        }
        return ranges
    }

    private func matchEnd(from start: Int, scalars: ArraySlice<Unicode.Scalar>, classes: [ScalarClass]) -> Int {
        let count = classes.count
        let base = scalars.startIndex
        func scalar(_ index: Int) -> Unicode.Scalar { scalars[base + index] }
        func isLineBreak(_ index: Int) -> Bool { index < count && (scalar(index) == "\r" || scalar(index) == "\n") }
        func has(_ index: Int, _ kind: ScalarClass) -> Bool { index < count && classes[index] == kind }

        if scalar(start) == "'", let length = Self.contractionLength(after: start, scalars: scalars, count: count) {
            return start + 1 + length
        }
        // `[^\r\n\p{L}\p{N}]?\p{L}+`
        if !isLineBreak(start), classes[start] != .number, has(start, .letter) || has(start + 1, .letter) {
            var end = start + 1
            while has(end, .letter) { end += 1 }
            return end
        }
        // `\p{N}{1,maxDigits}`
        if classes[start] == .number {
            var end = start + 1
            while end - start < maxDigits, has(end, .number) { end += 1 }
            return end
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
        let bodyStart = scalar(start) == " " && has(start + 1, .other) ? start + 1 : start
        if classes[bodyStart] == .other {
            var end = bodyStart + 1
            while has(end, .other) { end += 1 }
            while isLineBreak(end) { end += 1 }
            return end
        }
        // `\s*[\r\n]+`, then `\s+(?!\S)`, then `\s+`.
        var end = start
        var afterLastLineBreak = -1
        while has(end, .whitespace) {
            if isLineBreak(end) { afterLastLineBreak = end + 1 }
            end += 1
        }
        if afterLastLineBreak > 0 { return afterLastLineBreak }
        if end - start > 1, end < count { return end - 1 }
        return max(end, start + 1)
    }

    /// Length after the apostrophe of `'s|'t|'re|'ve|'m|'ll|'d`, any case, at `start`, if any.
    private static func contractionLength(after start: Int, scalars: ArraySlice<Unicode.Scalar>, count: Int) -> Int? {
        let base = scalars.startIndex
        guard start + 1 < count else { return nil }
        let second = asciiLowercase(scalars[base + start + 1])
        switch second {
        case "s", "t", "m", "d": return 1
        case "r", "v", "l":
            guard start + 2 < count else { return nil }
            let third = asciiLowercase(scalars[base + start + 2])
            if (second == "r" || second == "v") && third == "e" { return 2 }
            if second == "l" && third == "l" { return 2 }
            return nil
        default: return nil
        }
    }

    private static func asciiLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20) ?? scalar : scalar
    }
}
