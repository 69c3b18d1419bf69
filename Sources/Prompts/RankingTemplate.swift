/// One ranking template: text with `{slot}` placeholders, read from a templates CSV.
public struct RankingTemplate: Sendable, Equatable {
    public let id: String
    public let text: String
    /// Line of the templates file where the record starts (for messages).
    public let line: Int

    /// A piece of a template: literal text or a placeholder.
    enum Piece: Equatable {
        case text(String)
        case slot(String)
    }

    /// Splits `text` at `{name}` placeholders; `{{` and `}}` stand for literal braces.
    static func pieces(of text: String) throws(RankingTemplateProblem) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
            } else if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
            } else if character == "{" {
                guard let close = text[next...].firstIndex(of: "}") else {
                    throw .unclosedPlaceholder
                }
                let name = String(text[next..<close])
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw .badPlaceholder(name)
                }
                if !literal.isEmpty { pieces.append(.text(literal)) }
                literal = ""
                pieces.append(.slot(name))
                index = text.index(after: close)
            } else if character == "}" {
                throw .strayBrace
            } else {
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }

    /// Slot names in order of first appearance.
    static func slotNames(in pieces: [Piece]) -> [String] {
        var names: [String] = []
        for case .slot(let name) in pieces where !names.contains(name) { names.append(name) }
        return names
    }
}

enum RankingTemplateProblem: Error {
    case unclosedPlaceholder
    case badPlaceholder(String)
    case strayBrace

    var message: String {
        switch self {
        case .unclosedPlaceholder: "a '{' without its closing '}' (write '{{' for a literal brace)"
        case .badPlaceholder(let name): "placeholder '{\(name)}' is not a slot name (letters, digits, '_')"
        case .strayBrace: "a '}' without its opening '{' (write '}}' for a literal brace)"
        }
    }
}

/// One value of a slot (e.g. `female` of `group`) with the words that may stand for it.
public struct SlotValue: Sendable, Equatable {
    public let name: String
    /// Surface forms in file order (e.g. `woman`, `female`).
    public let forms: [String]
}
