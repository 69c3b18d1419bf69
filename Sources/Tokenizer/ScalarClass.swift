/// The classes of Unicode scalars that the GPT-2 family of split patterns distinguishes:
/// `\p{L}` (general category L*), `\p{N}` (Nd, Nl, No), `\s` (White_Space) and everything else.
enum ScalarClass: UInt8, Sendable {
    case letter, number, whitespace, other

    init(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x41...0x5A, 0x61...0x7A: self = .letter
            case 0x30...0x39: self = .number
            case 0x09...0x0D, 0x20: self = .whitespace
            default: self = .other
            }
            return
        }
        let properties = scalar.properties
        if properties.isWhitespace {
            self = .whitespace
            return
        }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            self = .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            self = .number
        default:
            self = .other
        }
    }
}
