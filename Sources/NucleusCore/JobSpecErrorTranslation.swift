import Yams

/// Turns Yams' and Swift's decoding errors into one-line `JobSpecIssue`s with key paths.
enum JobSpecErrorTranslation {
    static func issue(for error: DecodingError, index: YAMLNodeIndex) -> JobSpecIssue {
        switch error {
        case .typeMismatch(let type, let context):
            let path = KeyPathFormat.string(context.codingPath)
            let got = index.written(at: path) ?? "something else"
            return JobSpecIssue(keyPath: path, message: "expected \(describe(type)), got \(got)")
        case .valueNotFound(let type, let context):
            return JobSpecIssue(codingPath: context.codingPath, message: "expected \(describe(type)), got nothing")
        case .keyNotFound(let key, let context):
            return JobSpecIssue(codingPath: context.codingPath + [key], message: "missing required key")
        case .dataCorrupted(let context):
            return JobSpecIssue(codingPath: context.codingPath, message: context.debugDescription)
        @unknown default:
            return JobSpecIssue(keyPath: "", message: "\(error)")
        }
    }

    /// A YAML syntax error as one line with the line number.
    static func error(for error: YamlError, file: String) -> JobSpecError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return JobSpecError(file: file, line: mark.line, keyPath: "", message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return JobSpecError(
                file: file, line: context.mark.line, keyPath: "",
                message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))")
        default:
            let oneLine = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return JobSpecError(file: file, keyPath: "", message: "invalid YAML: \(oneLine)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "an integer"
        case is UInt64.Type: "a non-negative integer"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Node.Mapping.Type: "a mapping"
        case is Node.Sequence.Type: "a list"
        case is Node.Scalar.Type: "a single value"
        default: "\(type)"
        }
    }
}
