import Foundation
import NucleusCore

/// Minimal JSON writer for command output: NaN and infinities become null (JSON has neither).
enum JSON {
    indirect case object([(String, JSON)])
    case array([JSON])
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null

    static func double(_ value: Double) -> JSON { value.isFinite ? .number(value) : .null }
    static func ids(_ values: [Int32]) -> JSON { .array(values.map { .integer(Int($0)) }) }

    /// A token column's value: a number, or an array for a column with trailing dimensions.
    init(_ value: TokenColumn.Value) {
        switch value {
        case .integer(let number): self = .integer(number)
        case .real(let number): self = .double(number)
        case .integers(let numbers): self = .array(numbers.map(JSON.integer))
        case .reals(let numbers): self = .array(numbers.map(JSON.double))
        }
    }

    var text: String {
        switch self {
        case .object(let fields): return "{" + fields.map { "\(JSON.quote($0)): \($1.text)" }.joined(separator: ", ") + "}"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .string(let value): return JSON.quote(value)
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(format: "%.1f", value) : "\(value)"
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }

    static func quote(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let wrapped = String(decoding: data, as: UTF8.self)
        return String(wrapped.dropFirst().dropLast())
    }
}
