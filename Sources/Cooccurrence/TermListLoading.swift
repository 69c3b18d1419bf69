import Foundation
import Yams

/// Reads a terms file:
///
/// ```yaml
/// candidates:
///   - name: diabetes
///     forms: [diabetes, diabetic]     # optional; default: the name itself
///   - asthma                          # shorthand for {name: asthma}
/// groups:
///   - name: women
///     forms: [woman, women, female]
/// ```
///
/// Forms are matched as whole words, case-insensitively (`WordScanner`); a form of several words
/// matches where those words appear consecutively. Errors name the file and line.
extension TermList {
    public static func load(path: String) throws -> TermList {
        if let problem = InputFileCheck.problem(readingFileAt: path) {
            throw CooccurrenceError(file: path, message: "cannot read the terms file: \(problem)")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CooccurrenceError(file: path, message: "cannot read the terms file: \(InputFileCheck.reason(error)) (is it UTF-8 text?)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> TermList {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file)
        } catch {
            throw CooccurrenceError(file: file, message: "invalid YAML")
        }
        guard let root, case .mapping(let mapping) = root else {
            throw CooccurrenceError(file: file, line: root?.mark?.line, message: "expected a mapping with keys candidates and groups")
        }
        let reader = TermReader(file: file)
        var lists: [String: [Term]] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard name == "candidates" || name == "groups" else {
                throw CooccurrenceError(file: file, line: key.mark?.line, message: "unknown key '\(name)' (expected one of: candidates, groups)")
            }
            lists[name] = try reader.terms(value, key: name)
        }
        for name in ["candidates", "groups"] where lists[name] == nil {
            throw CooccurrenceError(file: file, line: root.mark?.line, message: "missing key '\(name)'")
        }
        return TermList(candidates: lists["candidates"] ?? [], groups: lists["groups"] ?? [])
    }

    private static func syntaxError(_ error: YamlError, file: String) -> CooccurrenceError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return CooccurrenceError(file: file, line: mark.line, message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return CooccurrenceError(
                file: file, line: context.mark.line,
                message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))")
        default:
            let oneLine = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return CooccurrenceError(file: file, message: "invalid YAML: \(oneLine)")
        }
    }
}

/// Turns the YAML nodes of one list (`candidates` or `groups`) into terms.
private struct TermReader {
    let file: String

    func terms(_ node: Node, key: String) throws -> [Term] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            throw CooccurrenceError(file: file, line: node.mark?.line, message: "\(key): expected a non-empty list")
        }
        var terms: [Term] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let path = "\(key)[\(index)]"
            let term = try self.term(item, path: path)
            guard seen.insert(term.name).inserted else {
                throw CooccurrenceError(file: file, line: item.mark?.line, message: "\(path): duplicate name '\(term.name)'")
            }
            terms.append(term)
        }
        return terms
    }

    private func term(_ node: Node, path: String) throws -> Term {
        switch node {
        case .scalar(let scalar):
            return Term(name: try name(scalar.string, node: node, path: path),
                        forms: [try form(scalar.string, node: node, path: path)])
        case .mapping(let mapping):
            var name: String?
            var forms: [[String]]?
            for (key, value) in mapping {
                switch key.string ?? "" {
                case "name":
                    guard case .scalar(let scalar) = value else {
                        throw CooccurrenceError(file: file, line: value.mark?.line, message: "\(path).name: expected text")
                    }
                    name = try self.name(scalar.string, node: value, path: "\(path).name")
                case "forms":
                    forms = try self.forms(value, path: "\(path).forms")
                default:
                    throw CooccurrenceError(
                        file: file, line: key.mark?.line,
                        message: "\(path): unknown key '\(key.string ?? "")' (expected one of: name, forms)")
                }
            }
            guard let name else {
                throw CooccurrenceError(file: file, line: node.mark?.line, message: "\(path): missing key 'name'")
            }
            return Term(name: name, forms: try forms ?? [form(name, node: node, path: "\(path).name")])
        default:
            throw CooccurrenceError(file: file, line: node.mark?.line, message: "\(path): expected a name or {name, forms}")
        }
    }

    private func forms(_ node: Node, path: String) throws -> [[String]] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            throw CooccurrenceError(file: file, line: node.mark?.line, message: "\(path): expected a non-empty list of surface forms")
        }
        return try items.enumerated().map { index, item in
            guard case .scalar(let scalar) = item else {
                throw CooccurrenceError(file: file, line: item.mark?.line, message: "\(path)[\(index)]: expected text")
            }
            return try form(scalar.string, node: item, path: "\(path)[\(index)]")
        }
    }

    private func name(_ text: String, node: Node, path: String) throws -> String {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CooccurrenceError(file: file, line: node.mark?.line, message: "\(path): empty name")
        }
        return text
    }

    private func form(_ text: String, node: Node, path: String) throws -> [String] {
        let words = WordScanner.words(of: text)
        guard !words.isEmpty else {
            throw CooccurrenceError(
                file: file, line: node.mark?.line,
                message: "\(path): '\(text)' has no words (letters, digits or apostrophes) to match")
        }
        return words
    }
}
