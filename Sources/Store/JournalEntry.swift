import Foundation

/// What happened to a unit attempt at one moment.
public enum JournalStatus: String, Sendable, CaseIterable {
    case started, done, failed, abandoned
}

/// One line of `journal.tsv`.
public struct JournalEntry: Sendable, Equatable {
    public var time: Date
    public var unitID: String
    public var attempt: Int
    public var rank: Int
    public var host: String
    public var status: JournalStatus
    /// Generated tokens written (0 unless `done`).
    public var tokens: Int
    /// Wall-clock seconds spent on the attempt so far.
    public var seconds: Double
    /// The unit file, relative to the results folder; "" when there is none.
    public var file: String
    /// Free text: the error of a failed attempt, the reason for an abandoned one.
    public var message: String

    public init(time: Date, unitID: String, attempt: Int, rank: Int, host: String, status: JournalStatus,
                tokens: Int = 0, seconds: Double = 0, file: String = "", message: String = "") {
        self.time = time
        self.unitID = unitID
        self.attempt = attempt
        self.rank = rank
        self.host = host
        self.status = status
        self.tokens = tokens
        self.seconds = seconds
        self.file = file
        self.message = message
    }
}

/// The TSV form of a journal line: fixed columns, tab, newline, CR and backslash escaped.
enum JournalLineFormat {
    static let columns = ["time", "unit", "attempt", "rank", "host", "status", "tokens", "seconds", "file", "message"]
    static let headerLine = columns.joined(separator: "\t")

    /// UTC with milliseconds, e.g. 2025-03-01T10:00:00.125Z.
    private static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func line(_ entry: JournalEntry) -> String {
        let fields = [
            timeStyle.format(entry.time), entry.unitID, String(entry.attempt), String(entry.rank), entry.host,
            entry.status.rawValue, String(entry.tokens), String(format: "%.3f", entry.seconds), entry.file, entry.message,
        ]
        return fields.map(escape).joined(separator: "\t")
    }

    /// The entry a line holds, or nil for a damaged line.
    static func entry(_ line: Substring) -> JournalEntry? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape($0) }
        guard fields.count == columns.count,
              let time = parseTime(fields[0]),
              let attempt = Int(fields[2]), let rank = Int(fields[3]),
              let status = JournalStatus(rawValue: fields[5]),
              let tokens = Int(fields[6]), let seconds = Double(fields[7]) else { return nil }
        return JournalEntry(time: time, unitID: fields[1], attempt: attempt, rank: rank, host: fields[4], status: status,
                            tokens: tokens, seconds: seconds, file: fields[8], message: fields[9])
    }

    private static func parseTime(_ text: String) -> Date? {
        (try? timeStyle.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    static func escape(_ field: String) -> String {
        var out = ""
        out.reserveCapacity(field.utf8.count)
        for character in field.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func unescape(_ field: Substring) -> String {
        var out = ""
        var escaping = false
        for character in field.unicodeScalars {
            if escaping {
                switch character {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.unicodeScalars.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
