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
    /// The key's columns: model, dataset, technique, and settings when the job has a settings axis.
    var fields: [String] { settings.isEmpty ? [model, dataset, technique] : [model, dataset, technique, settings] }

    /// `columns` with `settings` after `technique` when any of `keys` has a settings block (a
    /// results folder holds one job, so either all keys have one or none has).
    static func columns(_ columns: [String], for keys: [CorrelationKey]) -> [String] {
        guard keys.contains(where: { !$0.settings.isEmpty }), let technique = columns.firstIndex(of: "technique") else {
            return columns
        }
        var withSettings = columns
        withSettings.insert("settings", at: technique + 1)
        return withSettings
    }
}
