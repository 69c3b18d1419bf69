import Foundation

/// RFC 4180 CSV: a header row, `,` separators, `"`-quoted fields that may hold commas, quotes
/// (doubled) and line breaks; CRLF or LF line ends; a leading UTF-8 BOM is ignored. Lines that
/// are entirely empty are skipped. A stray quote inside an unquoted field is kept as text.
enum CSVReader {
    /// Records keyed by header names, at most `maxRecords` of them.
    static func read(_ data: Data, file: String, maxRecords: Int = .max) throws -> [RawRecord] {
        try readTable(data, file: file, maxRecords: maxRecords).records
    }

    /// The header's column names in file order, and the records keyed by them.
    static func readTable(_ data: Data, file: String, maxRecords: Int = .max) throws -> (columns: [String], records: [RawRecord]) {
        var parser = CSVParser(bytes: Array(data), file: file)
        guard let header = try parser.nextRecord() else { return ([], []) }
        let names = header.fields
        if let duplicate = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw DatasetError(file: file, line: header.line, message: "duplicate column '\(duplicate)' in the header")
        }
        var records: [RawRecord] = []
        while records.count < maxRecords, let record = try parser.nextRecord() {
            guard record.fields.count == names.count else {
                throw DatasetError(
                    file: file, line: record.line,
                    message: "expected \(names.count) fields as in the header, got \(record.fields.count)")
            }
            records.append(RawRecord(line: record.line, fields: Dictionary(uniqueKeysWithValues: zip(names, record.fields))))
        }
        return (names, records)
    }
}

/// Byte-level CSV state machine; separators, quotes and line ends are ASCII, so UTF-8 text
/// between them passes through untouched.
private struct CSVParser {
    let bytes: [UInt8]
    let file: String
    var position = 0
    var line = 1

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"),
        lf = UInt8(ascii: "\n")

    /// The next non-empty record with the line it starts on, or nil at the end.
    mutating func nextRecord() throws -> (line: Int, fields: [String])? {
        while position < bytes.count, bytes[position] == Self.lf || bytes[position] == Self.cr {
            consumeLineEnd()
        }
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        while true {
            fields.append(try nextField(recordLine: startLine))
            guard position < bytes.count else { break }
            if bytes[position] == Self.comma {
                position += 1
                continue
            }
            consumeLineEnd()
            break
        }
        return (startLine, fields)
    }

    private mutating func nextField(recordLine: Int) throws -> String {
        if position < bytes.count, bytes[position] == Self.quote {
            return try quotedField(recordLine: recordLine)
        }
        let start = position
        while position < bytes.count, ![Self.comma, Self.cr, Self.lf].contains(bytes[position]) {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func quotedField(recordLine: Int) throws -> String {
        let openLine = line
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                    value.append(Self.quote)
                    position += 2
                    continue
                }
                position += 1
                if position < bytes.count, ![Self.comma, Self.cr, Self.lf].contains(bytes[position]) {
                    throw DatasetError(file: file, line: line, message: "unexpected text after a closing quote")
                }
                return String(decoding: value, as: UTF8.self)
            }
            if byte == Self.lf { line += 1 }
            value.append(byte)
            position += 1
        }
        throw DatasetError(file: file, line: openLine, message: "quoted field is never closed")
    }

    private mutating func consumeLineEnd() {
        if bytes[position] == Self.cr { position += 1 }
        if position < bytes.count, bytes[position] == Self.lf { position += 1 }
        line += 1
    }
}
