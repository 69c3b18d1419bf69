import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reduce

/// One element of a parsed SVG document: its name, attributes and character data.
struct ParsedElement {
    var name: String
    var attributes: [String: String]
    var text: String

    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}

/// A well-formed SVG document parsed with XMLParser; elements in document order.
struct ParsedSVG {
    var root: ParsedElement
    var elements: [ParsedElement]

    func all(_ name: String, className: String? = nil) -> [ParsedElement] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }

    func texts(className: String? = nil) -> [String] { all("text", className: className).map(\.text) }
}

struct SVGParseError: Error, CustomStringConvertible {
    var description: String
}

/// Parses `svg`, throwing when XMLParser finds it not well-formed.
func parseSVG(_ svg: String) throws -> ParsedSVG {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = ElementCollector()
    parser.delegate = collector
    guard parser.parse(), let root = collector.elements.first else {
        throw SVGParseError(description: "SVG not well-formed: \(parser.parserError.map(String.init(describing:)) ?? "no root element")")
    }
    return ParsedSVG(root: root, elements: collector.elements)
}

private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [ParsedElement] = []
    private var open: [Int] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(ParsedElement(name: elementName, attributes: attributes, text: ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }
}

/// Pairs of numbers from a `points` attribute ("x,y x,y …").
func pointPairs(_ points: String) -> [(Double, Double)] {
    points.split(separator: " ").compactMap { pair in
        let parts = pair.split(separator: ",").compactMap { Double($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
}
