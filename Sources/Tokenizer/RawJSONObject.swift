import Foundation

/// Reads one JSON object of string → integer (tokenizer.json's `model.vocab`) keeping every key's
/// exact UTF-8. `JSONSerialization` returns Swift dictionaries, whose `String` keys compare by
/// canonical equivalence, so two vocabulary pieces such as "έ" (U+03AD) and "έ" (U+1F73) would
/// collapse into one; SentencePiece vocabularies hold such pairs.
struct RawJSONObject {
    let source: String
    private let bytes: [UInt8]
    private var position = 0

    init(data: Data, source: String) {
        self.bytes = Array(data)
        self.source = source
    }

    /// The entries of the object at `path` (keys from the root), in file order; nil when absent.
    static func integerEntries(in data: Data, at path: [String], source: String) throws -> [(key: [UInt8], value: Int)]? {
        var reader = RawJSONObject(data: data, source: source)
        return try reader.value(at: [], looking: path)
    }

    private func problem(_ text: String) -> TokenizerError {
        TokenizerError(source: source, problem: "\(text) at byte \(position)")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { throw problem("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    /// Parses the value at the cursor; returns the wanted object's entries if it is inside this value.
    private mutating func value(at path: [String], looking wanted: [String]) throws -> [(key: [UInt8], value: Int)]? {
        skipWhitespace()
        guard position < bytes.count else { throw problem("unexpected end of JSON") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            let collecting = path == wanted
            var entries: [(key: [UInt8], value: Int)] = []
            var found: [(key: [UInt8], value: Int)]?
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return collecting ? [] : nil
            }
            while true {
                skipWhitespace()
                let key = try string()
                try expect(UInt8(ascii: ":"))
                if collecting {
                    entries.append((key, try integer()))
                } else if let inner = try value(at: path + [String(decoding: key, as: UTF8.self)], looking: wanted) {
                    found = inner
                }
                skipWhitespace()
                guard position < bytes.count else { throw problem("unterminated object") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"))
                return collecting ? entries : found
            }
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return nil
            }
            while true {
                _ = try value(at: path + ["[]"], looking: wanted)
                skipWhitespace()
                guard position < bytes.count else { throw problem("unterminated array") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "]"))
                return nil
            }
        case UInt8(ascii: "\""):
            _ = try string()
            return nil
        default:
            // Number, true, false or null: skip to the next delimiter.
            while position < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09]
                .contains(bytes[position]) { position += 1 }
            return nil
        }
    }

    private mutating func integer() throws -> Int {
        skipWhitespace()
        let start = position
        while position < bytes.count, bytes[position] == UInt8(ascii: "-") || (0x30...0x39).contains(bytes[position]) { position += 1 }
        guard let number = Int(String(decoding: bytes[start..<position], as: UTF8.self)) else { throw problem("expected an integer") }
        return number
    }

    /// A string literal's content as UTF-8, escapes resolved.
    private mutating func string() throws -> [UInt8] {
        try expect(UInt8(ascii: "\""))
        var result: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return result }
            guard byte == UInt8(ascii: "\\") else { result.append(byte); continue }
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "b"): result.append(0x08)
            case UInt8(ascii: "f"): result.append(0x0C)
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "u"):
                var value = try hex4()
                if (0xD800..<0xDC00).contains(value), position + 1 < bytes.count,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    position += 2
                    let low = try hex4()
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                }
                result += Array(String(Unicode.Scalar(value) ?? "\u{FFFD}").utf8)
            default: result.append(escape)
            }
        }
        throw problem("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16) else {
            throw problem("bad \\u escape")
        }
        position += 4
        return value
    }
}
