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
public enum WordScanner {
    /// Calls `body` with each word of `text`, in order.
    public static func forEachWord(in text: String, _ body: (String) -> Void) {
        var word = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isApostrophe(scalar) {
                word.append("'")
            } else if isWordScalar(scalar) {
                if scalar.isASCII {
                    // The common case, without building a mapping string per scalar.
                    let value = scalar.value
                    word.append((value >= 0x41 && value <= 0x5A) ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
                } else {
                    word.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            } else if !word.isEmpty {
                body(String(word))
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { body(String(word)) }
    }

    /// The words of `text` as an array.
    public static func words(of text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append($0) }
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
