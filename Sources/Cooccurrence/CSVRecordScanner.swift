/// RFC 4180 CSV records from bytes fed in pieces of any size, so a CSV corpus streams: `,`
/// separators, `"`-quoted fields that may hold commas, doubled quotes and line breaks; CR, LF or
/// CRLF line ends; entirely empty lines skipped; a stray quote inside an unquoted field kept as
/// text. The same dialect as the dataset reader of `Prompts`, restated here because that one reads
/// a whole file at once.
struct CSVRecordScanner {
    struct Record: Equatable {
        /// 1-based line where the record starts.
        let line: Int
        let fields: [String]
    }

    private enum State {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted
    }

    let file: String
    private var state = State.recordStart
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    /// A CR ended the last line: an LF right after it belongs to the same line end.
    private var afterCR = false

    init(file: String) { self.file = file }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"),
        lf = UInt8(ascii: "\n")

    /// Scans `bytes`, appending each record completed by them to `records`.
    mutating func feed(_ bytes: some Sequence<UInt8>, into records: inout [Record]) throws {
        for byte in bytes {
            if afterCR {
                afterCR = false
                if byte == Self.lf { continue }
            }
            switch state {
            case .recordStart:
                if byte == Self.cr || byte == Self.lf {
                    endLine(byte)
                    continue
                }
                recordLine = line
                startField(byte, into: &records)
            case .fieldStart:
                startField(byte, into: &records)
            case .unquoted:
                if byte == Self.comma {
                    endField()
                    state = .fieldStart
                } else if byte == Self.cr || byte == Self.lf {
                    endRecord(into: &records)
                    endLine(byte)
                } else {
                    field.append(byte)
                }
            case .quoted:
                if byte == Self.quote {
                    state = .quoteInQuoted
                } else {
                    if byte == Self.lf { line += 1 }
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == Self.quote {
                    field.append(byte)
                    state = .quoted
                } else if byte == Self.comma {
                    endField()
                    state = .fieldStart
                } else if byte == Self.cr || byte == Self.lf {
                    endRecord(into: &records)
                    endLine(byte)
                } else {
                    throw CooccurrenceError(file: file, line: line, message: "unexpected text after a closing quote")
                }
            }
        }
    }

    /// Ends the input: completes the last record when the file does not end with a line break.
    mutating func finish(into records: inout [Record]) throws {
        switch state {
        case .recordStart:
            break
        case .quoted:
            throw CooccurrenceError(file: file, line: quoteLine, message: "quoted field is never closed")
        case .fieldStart, .unquoted, .quoteInQuoted:
            endRecord(into: &records)
        }
        state = .recordStart
    }

    private mutating func startField(_ byte: UInt8, into records: inout [Record]) {
        if byte == Self.quote {
            state = .quoted
            quoteLine = line
        } else if byte == Self.comma {
            endField()
            state = .fieldStart
        } else if byte == Self.cr || byte == Self.lf {
            endRecord(into: &records)
            endLine(byte)
        } else {
            field.append(byte)
            state = .unquoted
        }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord(into records: inout [Record]) {
        endField()
        records.append(Record(line: recordLine, fields: fields))
        fields.removeAll(keepingCapacity: true)
    }

    private mutating func endLine(_ byte: UInt8) {
        line += 1
        afterCR = byte == Self.cr
        state = .recordStart
    }
}
