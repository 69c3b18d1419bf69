/// Words of a text split as Python splits a `str`, each interned as an integer so that n-grams are
/// cheap to hash. Two words are equal when their code points are (their UTF-8 bytes are), as in
/// Python; Swift's `String ==` would also equate canonically equivalent spellings ("é" and "e\u{301}").
struct PythonWords {
    private var ids: [[UInt8]: Int] = [:]

    /// `text.split(' ')`: cut at every U+0020, empty words kept.
    mutating func splitOnSpace(_ text: String) -> [Int] {
        Array(text.utf8).split(separator: 0x20, omittingEmptySubsequences: false).map { intern(Array($0)) }
    }

    /// `text.split()`: runs of non-whitespace, where whitespace is what Python's `str.isspace`
    /// accepts (bidirectional class WS, B or S, or category Zs).
    mutating func splitOnWhitespace(_ text: String) -> [Int] {
        var words: [Int] = []
        var word: [UInt8] = []
        for scalar in text.unicodeScalars {
            if Self.isPythonWhitespace(scalar) {
                if !word.isEmpty { words.append(intern(word)) }
                word.removeAll(keepingCapacity: true)
            } else {
                word.append(contentsOf: String(scalar).utf8)
            }
        }
        if !word.isEmpty { words.append(intern(word)) }
        return words
    }

    private mutating func intern(_ bytes: [UInt8]) -> Int {
        if let id = ids[bytes] { return id }
        let id = ids.count
        ids[bytes] = id
        return id
    }

    /// The code points for which CPython's `str.isspace()` is true (its `_PyUnicode_IsWhitespace`
    /// table): 0x09–0x0D, 0x1C–0x20, 0x85, 0xA0, 0x1680, 0x2000–0x200A, 0x2028, 0x2029, 0x202F,
    /// 0x205F, 0x3000.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}

/// The n-grams of a word sequence (`nltk.ngrams`): every run of n consecutive words, none when
/// the sequence is shorter than n.
func nGrams(_ words: [Int], _ n: Int) -> [ArraySlice<Int>] {
    guard n >= 1, words.count >= n else { return [] }
    return (0...(words.count - n)).map { words[$0..<($0 + n)] }
}
