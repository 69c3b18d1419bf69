/// Accumulates SVG markup line by line. Attributes keep the order given, numbers go through
/// `SVGNumber` and text through `XMLText`, so the same calls always give the same bytes.
struct SVGBuilder {
    enum Value: ExpressibleByStringLiteral {
        case number(Double)
        case text(String)

        init(stringLiteral text: String) { self = .text(text) }
    }

    private(set) var lines: [String] = []
    private var depth = 0

    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, Value> = [:]) {
        lines.append(indent + "<\(name)\(render(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        lines.append(indent + "</\(name)>")
    }

    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, Value>) {
        lines.append(indent + "<\(name)\(render(attributes))/>")
    }

    /// An element holding escaped character data, e.g. `<text …>label</text>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, Value>, content: String) {
        lines.append(indent + "<\(name)\(render(attributes))>\(XMLText.escaped(content))</\(name)>")
    }

    mutating func raw(_ line: String) { lines.append(indent + line) }

    /// Space-separated `x,y` pairs for `points` attributes.
    static func pointList(_ points: [(Double, Double)]) -> String {
        points.map { SVGNumber.format($0.0) + "," + SVGNumber.format($0.1) }.joined(separator: " ")
    }

    private var indent: String { String(repeating: "  ", count: max(0, depth)) }

    private func render(_ attributes: KeyValuePairs<String, Value>) -> String {
        attributes.map { name, value in
            switch value {
            case .number(let number): " \(name)=\"\(SVGNumber.format(number))\""
            case .text(let text): " \(name)=\"\(XMLText.escaped(text))\""
            }
        }.joined()
    }
}
