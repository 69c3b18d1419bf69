import Foundation

/// A number read from an answer, held exactly as a canonical decimal string so that answers
/// compare without floating-point rounding: `-3`, `−3` (U+2212) and `-3.0` are all `-3`;
/// `1,234.50`, `$1,234.5` and `1234.5%` are all `1234.5`; `.5` is `0.5`; zero has no sign.
///
/// `$` and `%` are dropped, not interpreted: GSM8K writes "50%" where the answer is 50.
public struct AnswerNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `-`? integer digits without leading zeros (`0` when none) and, when non-zero, `.` and
    /// fraction digits without trailing zeros.
    public let canonical: String

    /// Builds from parts already split by a scanner: digits only, sign separate.
    init(negative: Bool, integerDigits: some Sequence<Character>, fractionDigits: some Sequence<Character>) {
        var integer = String(integerDigits.drop { $0 == "0" })
        var fraction = String(fractionDigits)
        while fraction.last == "0" { fraction.removeLast() }
        if integer.isEmpty { integer = "0" }
        let magnitude = fraction.isEmpty ? integer : integer + "." + fraction
        canonical = negative && magnitude != "0" ? "-" + magnitude : magnitude
    }

    /// The number `text` holds when it is one number and nothing else (surrounding whitespace,
    /// a sentence-ending period, `$` and `%` allowed): "1,234", " $5. ", "−3", "50%".
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let found = NumberScanner.numbers(in: trimmed)
        guard found.count == 1, let only = found.first, only.start == 0 else { return nil }
        let rest = trimmed.unicodeScalars.dropFirst(only.end)
        guard rest.isEmpty || rest.elementsEqual(".".unicodeScalars) else { return nil }
        self = only.value
    }

    /// A JSON number token (`-12.50`, `3e2`): the exponent shifts the decimal point exactly.
    init?(jsonNumber token: String) {
        let parts = token.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "e" || $0 == "E" }).map(String.init)
        guard (1...2).contains(parts.count) else { return nil }
        var mantissa = Substring(parts[0])
        let negative = mantissa.first == "-"
        if negative { mantissa = mantissa.dropFirst() }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !pieces[0].isEmpty,
              pieces.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        var integer = String(pieces[0])
        var fraction = pieces.count == 2 ? String(pieces[1]) : ""
        if parts.count == 2 {
            guard let exponent = Int(parts[1]), abs(exponent) <= 64 else { return nil }
            if exponent >= 0 {
                fraction += String(repeating: "0", count: max(0, exponent - fraction.count))
                integer += fraction.prefix(exponent)
                fraction = String(fraction.dropFirst(exponent))
            } else {
                integer = String(repeating: "0", count: max(0, -exponent - integer.count)) + integer
                fraction = integer.suffix(-exponent) + fraction
                integer = String(integer.dropLast(-exponent))
            }
        }
        self.init(negative: negative, integerDigits: integer, fractionDigits: fraction)
    }

    /// The value as a `Decimal` (exact up to 38 significant digits).
    public var decimal: Decimal? { Decimal(string: canonical, locale: Locale(identifier: "en_US_POSIX")) }

    public var description: String { canonical }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = AnswerNumber(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a number: '\(text)'"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(canonical)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
