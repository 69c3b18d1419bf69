import Foundation

/// JSON Lines: one JSON object per line; blank lines are skipped and a leading UTF-8 BOM is
/// ignored. Strings are kept as they are; numbers and booleans become their JSON text, nested
/// values their compact JSON; null counts as a missing field.
enum JSONLReader {
    static func read(_ data: Data, file: String, maxRecords: Int = .max) throws -> [RawRecord] {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let decoder = JSONDecoder()
        var records: [RawRecord] = []
        var lineNumber = 0
        for lineBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard records.count < maxRecords else { break }
            guard lineBytes.contains(where: { !Self.isWhitespace($0) }) else { continue }
            let object: [String: JSONValue]
            do {
                object = try decoder.decode([String: JSONValue].self, from: Data(lineBytes))
            } catch DecodingError.typeMismatch {
                throw DatasetError(file: file, line: lineNumber, message: "expected a JSON object on this line")
            } catch {
                throw DatasetError(file: file, line: lineNumber, message: "invalid JSON")
            }
            records.append(RawRecord(line: lineNumber, fields: object.compactMapValues(\.text)))
        }
        return records
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}

/// Any JSON value, kept only long enough to turn it into text.
private enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Most dataset fields are strings: try that first, since every failed attempt throws.
        if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Field text: strings as is, other scalars and containers as compact JSON, null as nil.
    var text: String? {
        switch self {
        case .null: nil
        case .string(let value): value
        default: json
        }
    }

    private var json: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): Self.quoted(value)
        case .array(let values): "[" + values.map(\.json).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.value.json }
                .joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ string: String) -> String {
        let data = (try? JSONEncoder().encode(string)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
