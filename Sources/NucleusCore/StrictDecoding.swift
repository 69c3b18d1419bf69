import Foundation

/// A coding key for any mapping key, used to list the keys a job file actually contains.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Rejects any mapping key that is not one of `Keys`: a typo must not be silently ignored.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let allowed = Keys.allCases.map(\.stringValue)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw JobSpecIssue(
                codingPath: codingPath + [key],
                message: "unknown key (expected one of: \(allowed.joined(separator: ", ")))",
                locateKey: true)
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a string that must be one of `Choice`'s raw values.
    func decodeChoice<Choice: RawRepresentable & CaseIterable>(
        _: Choice.Type, forKey key: Key
    ) throws -> Choice? where Choice.RawValue == String {
        guard let raw = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let choice = Choice(rawValue: raw) else {
            let choices = Choice.allCases.map(\.rawValue).joined(separator: " | ")
            throw JobSpecIssue(codingPath: codingPath + [key], message: "expected one of \(choices), got '\(raw)'")
        }
        return choice
    }
}
