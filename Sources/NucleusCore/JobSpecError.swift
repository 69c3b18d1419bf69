/// A problem with a job file: one line naming the file (and line, when known), the key path and
/// what was expected, e.g. `jobs/smoke.yaml:12: generation.temperature: expected a number ≥ 0, got 'hot'`.
public struct JobSpecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The job file as the user named it.
    public let file: String
    /// 1-based line in the job file, when the key can be located.
    public let line: Int?
    /// Dotted key path with list indices, e.g. `models[0].path`; empty for the whole file.
    public let keyPath: String
    public let message: String

    public init(file: String, line: Int? = nil, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

/// A problem found while decoding or validating, before the file name is attached.
struct JobSpecIssue: Error {
    let keyPath: String
    let message: String
    /// Point at the key itself rather than its value (unknown keys).
    var locateKey = false

    init(keyPath: String, message: String, locateKey: Bool = false) {
        self.keyPath = keyPath
        self.message = message
        self.locateKey = locateKey
    }

    init(codingPath: [any CodingKey], message: String, locateKey: Bool = false) {
        self.init(keyPath: KeyPathFormat.string(codingPath), message: message, locateKey: locateKey)
    }
}

/// Formats coding paths as `models[0].path`.
enum KeyPathFormat {
    static func string(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out
    }

    /// Splits `models[0].path` into `["models", 0, "path"]` components.
    static func components(_ keyPath: String) -> [PathComponent] {
        var parts: [PathComponent] = []
        var current = ""
        var inIndex = false
        for char in keyPath {
            switch char {
            case "." where !inIndex:
                if !current.isEmpty { parts.append(.key(current)) }
                current = ""
            case "[":
                if !current.isEmpty { parts.append(.key(current)) }
                current = ""
                inIndex = true
            case "]" where inIndex:
                parts.append(Int(current).map(PathComponent.index) ?? .key(current))
                current = ""
                inIndex = false
            default:
                current.append(char)
            }
        }
        if !current.isEmpty { parts.append(.key(current)) }
        return parts
    }

    enum PathComponent: Equatable {
        case key(String)
        case index(Int)
    }
}
