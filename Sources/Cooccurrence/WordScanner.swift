/// The words of a text as DESIGN §10 defines them for co-occurrence: maximal runs of letters,
/// digits and apostrophes, lower-cased.
///
/// - letters: Unicode general categories L* and the combining marks M* (so a decomposed "é" stays
///   inside its word);
/// - digits: category Nd;
/// - apostrophes: U+0027 `'` and U+2019 `’`, the latter stored as `'` so "don’t" and "don't" are
///   the same word.
///
/// Lower-casing applies each scalar's full Unicode lower-case mapping on its own (no context, so a
/// final capital sigma becomes σ, as Python's per-character `c.lower()` does).
///
/// Apostrophes are word characters wherever they stand: `'hello'` is the word `'hello'` and
/// `women's` is not `women`. A terms file lists such forms explicitly.
///
/// Words are compared by their code points (UTF-8 bytes), as Python compares strings: a decomposed
/// "é" (e + U+0301) is not the precomposed one, which Swift's `String ==` would equate.
public enum WordScanner {
    /// Calls `body` with the UTF-8 bytes of each word of `text`, in order (the buffer is reused:
    /// copy it to keep it).
    public static func forEachWord(in text: String, _ body: ([UInt8]) -> Void) {
        var word: [UInt8] = []
        for scalar in text.unicodeScalars {
            if isApostrophe(scalar) {
                word.append(UInt8(ascii: "'"))
            } else if isWordScalar(scalar) {
                if scalar.isASCII {
                    // The common case, without building a mapping string per scalar.
                    let value = UInt8(scalar.value)
                    word.append((value >= 0x41 && value <= 0x5A) ? value + 0x20 : value)
                } else {
                    word.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                }
            } else if !word.isEmpty {
                body(word)
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { body(word) }
    }

    /// The words of `text` as strings.
    public static func words(of text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append(String(decoding: $0, as: UTF8.self)) }
        return words
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}"
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }
}
