import Foundation

/// Typed access to values decoded by JSONSerialization, with errors naming the file and key path.
struct JSONValues {
    /// File path (or name) for error messages.
    let source: String

    func problem(_ text: String) -> TokenizerError { TokenizerError(source: source, problem: text) }

    func parse(_ data: Data) throws -> [String: Any] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw problem("not valid JSON (\(error.localizedDescription))")
        }
        return try object(value, at: "the top level")
    }

    func object(_ value: Any?, at path: String) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw problem("'\(path)' is not a JSON object") }
        return object
    }

    func array(_ value: Any?, at path: String) throws -> [Any] {
        guard let array = value as? [Any] else { throw problem("'\(path)' is not a JSON array") }
        return array
    }

    func string(_ value: Any?, at path: String) throws -> String {
        guard let string = value as? String else { throw problem("'\(path)' is not a string") }
        return string
    }

    func int32(_ value: Any?, at path: String) throws -> Int32 {
        // Not `value is Bool`: on Linux every NSNumber holding 0 or 1 casts to Bool.
        guard let number = value as? Int, let integer = Int32(exactly: number) else {
            throw problem("'\(path)' is not a 32-bit integer")
        }
        return integer
    }

    /// The Bool at `path`, `defaultValue` when absent or null.
    func bool(_ value: Any?, at path: String, default defaultValue: Bool) throws -> Bool {
        if value == nil || value is NSNull { return defaultValue }
        guard let flag = value as? Bool else { throw problem("'\(path)' is not a Bool") }
        return flag
    }

    /// nil for an absent key or JSON null.
    static func present(_ value: Any?) -> Any? {
        guard let value, !(value is NSNull) else { return nil }
        return value
    }
}
