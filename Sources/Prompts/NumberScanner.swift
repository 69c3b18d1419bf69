/// A number found in text, with its place in the text's Unicode scalars (`start ..< end`).
struct FoundNumber: Sendable, Equatable {
    let value: AnswerNumber
    let start: Int
    let end: Int
}

/// Finds the numbers written in free text, left to right, without overlaps.
///
/// A number is: an optional sign and/or `$` (`-3`, `−3` with U+2212, `-$5`, `$-5`, `+2`), then
/// digits — grouped by commas in threes (`1,234,567`) or ungrouped — with an optional fraction
/// (`3.50`, or `.5` when no digit precedes the point), then an optional `%`. A sign counts only
/// where it cannot be a minus or hyphen between words or numbers (`16-3` is 16 and 3, `x-1` is 1).
/// A period after the digits with no digit following (`18.`) ends the sentence, not the number.
/// Commas that do not group by three separate numbers (`1,2,3` is 1, 2 and 3).
enum NumberScanner {
    static func numbers(in text: String) -> [FoundNumber] {
        numbers(in: Array(text.unicodeScalars))
    }

    static func numbers(in scalars: [Unicode.Scalar]) -> [FoundNumber] {
        var found: [FoundNumber] = []
        var position = 0
        while position < scalars.count {
            if let number = number(at: position, in: scalars) {
                found.append(number)
                position = number.end
            } else {
                position += 1
            }
        }
        return found
    }

    /// The number that starts exactly at `start`, if one does.
    static func number(at start: Int, in scalars: [Unicode.Scalar]) -> FoundNumber? {
        var position = start
        var negative = false
        var signed = false
        func takeSign() {
            guard !signed, position < scalars.count, let sign = signValue(scalars[position]),
                  signMayStart(at: position, in: scalars) || position > start else { return }
            negative = sign
            signed = true
            position += 1
        }
        takeSign()
        if position < scalars.count, scalars[position] == "$" {
            position += 1
            takeSign()
        }
        let bodyStart = position
        let integer = digitRun(from: position, in: scalars)
        var integerDigits = integer.map(Character.init)
        position += integer.count
        if (1...3).contains(integer.count) {
            while let group = thousandsGroup(at: position, in: scalars) {
                integerDigits += group.map(Character.init)
                position += 4
            }
        }
        var fractionDigits: [Character] = []
        if position + 1 < scalars.count, scalars[position] == ".", isDigit(scalars[position + 1]) {
            if integer.isEmpty, bodyStart > 0, isDigit(scalars[bodyStart - 1]) || scalars[bodyStart - 1] == "." {
                return nil
            }
            let fraction = digitRun(from: position + 1, in: scalars)
            fractionDigits = fraction.map(Character.init)
            position += 1 + fraction.count
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        if position < scalars.count, scalars[position] == "%" { position += 1 }
        return FoundNumber(
            value: AnswerNumber(negative: negative, integerDigits: integerDigits, fractionDigits: fractionDigits),
            start: start, end: position)
    }

    /// `true` for a minus, `false` for a plus, nil otherwise.
    private static func signValue(_ scalar: Unicode.Scalar) -> Bool? {
        switch scalar {
        case "-", "\u{2212}": true
        case "+": false
        default: nil
        }
    }

    /// A sign right after a letter, digit or closing bracket is an operator or a hyphen.
    private static func signMayStart(at position: Int, in scalars: [Unicode.Scalar]) -> Bool {
        guard position > 0 else { return true }
        let previous = scalars[position - 1]
        return !(previous.properties.isAlphabetic || previous.properties.numericType != nil
            || previous == ")" || previous == "]")
    }

    private static func digitRun(from start: Int, in scalars: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar> {
        var end = start
        while end < scalars.count, isDigit(scalars[end]) { end += 1 }
        return scalars[start..<end]
    }

    /// `,ddd` at `position`, not followed by a fourth digit.
    private static func thousandsGroup(at position: Int, in scalars: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar>? {
        guard position + 3 < scalars.count, scalars[position] == ",",
              scalars[(position + 1)...(position + 3)].allSatisfy(isDigit),
              position + 4 == scalars.count || !isDigit(scalars[position + 4]) else { return nil }
        return scalars[(position + 1)...(position + 3)]
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}
