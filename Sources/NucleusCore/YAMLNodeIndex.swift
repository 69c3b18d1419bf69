import Yams

/// Key paths of a composed YAML document mapped to their source lines and scalar texts, so
/// errors found after decoding can still point at the file's line and quote what was written.
struct YAMLNodeIndex {
    /// Line of each key path's value.
    private(set) var valueLines: [String: Int] = [:]
    /// Line of each mapping key (where an unknown key is reported).
    private(set) var keyLines: [String: Int] = [:]
    /// Text of each scalar value as written.
    private(set) var scalarTexts: [String: String] = [:]
    /// "a mapping" / "a list" for non-scalar values.
    private(set) var kinds: [String: String] = [:]

    init(root: Node) {
        visit(root, path: "")
    }

    private mutating func visit(_ node: Node, path: String) {
        if let line = node.mark?.line { valueLines[path] = line }
        switch node {
        case .scalar(let scalar):
            scalarTexts[path] = scalar.string
        case .mapping(let mapping):
            kinds[path] = "a mapping"
            for (key, value) in mapping {
                let name = key.string ?? ""
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                if let line = key.mark?.line { keyLines[childPath] = line }
                visit(value, path: childPath)
            }
        case .sequence(let sequence):
            kinds[path] = "a list"
            for (index, item) in sequence.enumerated() {
                visit(item, path: "\(path)[\(index)]")
            }
        case .alias:
            kinds[path] = "an alias"
        }
    }

    /// The line for `keyPath`, or for its nearest ancestor present in the file.
    func line(of keyPath: String, preferKey: Bool = false) -> Int? {
        var path = keyPath
        while true {
            if preferKey, let line = keyLines[path] { return line }
            if let line = valueLines[path] { return line }
            guard let parent = Self.parent(of: path) else { return nil }
            path = parent
        }
    }

    /// What was written at `keyPath`, quoted, for "got …" messages: on one line (line breaks as
    /// `\n`) and cut to 60 characters, so an error stays one line whatever the file holds.
    func written(at keyPath: String) -> String? {
        if let text = scalarTexts[keyPath] {
            guard !text.isEmpty else { return "nothing" }
            var shown = text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            if shown.count > 60 { shown = shown.prefix(57) + "…" }
            return "'\(shown)'"
        }
        return kinds[keyPath]
    }

    private static func parent(of path: String) -> String? {
        guard !path.isEmpty else { return nil }
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return "" }
        return String(path[..<cut])
    }
}
