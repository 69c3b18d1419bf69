/// RFC 4180 text: a header and rows, `\n` line ends, fields quoted only when they must be.
struct CSVText {
    private var lines: [String]

    init(columns: [String]) { lines = [columns.joined(separator: ",")] }

    mutating func append(_ fields: [String]) {
        lines.append(fields.map(Self.quoted).joined(separator: ","))
    }

    var text: String { lines.joined(separator: "\n") + "\n" }

    /// Quotes a field only when it holds a comma, quote or line break; quotes inside are doubled.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension CorrelationKey {
    var fields: [String] { [model, dataset, technique] }
}
