/// GPT-2's reversible byte ↔ Unicode mapping: printable Latin-1 bytes map to themselves and the
/// other 68 bytes (controls, space, 0x7F–0xA0, 0xAD) to U+0100 onwards, in byte order, so that every
/// vocabulary token is a printable string (space 0x20 → "Ġ" U+0120, newline 0x0A → "Ċ" U+010A).
enum ByteLevelAlphabet {
    /// `scalarForByte[b]` is the scalar that stands for byte `b` in byte-level vocabularies.
    static let scalarForByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: "\0", count: 256)
        var nextExtra: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            let value = printable ? UInt32(byte) : nextExtra
            if !printable { nextExtra += 1 }
            table[byte] = Unicode.Scalar(value) ?? "\0"
        }
        return table
    }()

    /// The byte a byte-level scalar stands for, or nil when the scalar is outside the alphabet.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        switch value {
        case 0x21...0x7E, 0xA1...0xAC, 0xAE...0xFF: return UInt8(value)
        case 256..<(256 + 68): return extraBytes[Int(value - 256)]
        default: return nil
        }
    }

    /// The bytes a byte-level token string stands for, or nil when it holds a scalar outside the alphabet.
    static func bytes(of token: String) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(token.unicodeScalars.count)
        for scalar in token.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            result.append(byte)
        }
        return result
    }

    /// The byte-level token string for raw bytes.
    static func string(for bytes: some Sequence<UInt8>) -> String {
        var view = String.UnicodeScalarView()
        for byte in bytes { view.append(scalarForByte[Int(byte)]) }
        return String(view)
    }

    /// The bytes mapped to U+0100, U+0101, ... in order.
    private static let extraBytes: [UInt8] = (0..<256).compactMap { byte in
        let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
        return printable ? nil : UInt8(byte)
    }
}
