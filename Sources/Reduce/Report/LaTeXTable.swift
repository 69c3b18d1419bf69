/// A LaTeX `tabular` with booktabs rules (`\toprule`, `\midrule`, `\bottomrule`; needs
/// `\usepackage{booktabs}`). Cells are plain text, escaped here, or raw LaTeX passed through
/// (e.g. `$\tau_b$`). Numbers come in already formatted.
struct LaTeXTable: Sendable {
    enum Alignment: String, Sendable {
        case left = "l", center = "c", right = "r"
    }

    enum Cell: Sendable, Equatable, ExpressibleByStringLiteral {
        /// Text shown as written: LaTeX special characters are escaped.
        case text(String)
        /// LaTeX source written unchanged; the caller answers for it.
        case raw(String)

        init(stringLiteral value: String) { self = .text(value) }

        var latex: String {
            switch self {
            case .text(let text): LaTeXTable.escaped(text)
            case .raw(let source): source
            }
        }
    }

    struct Column: Sendable {
        var header: Cell
        var alignment: Alignment

        init(_ header: Cell, _ alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    private enum Line: Sendable {
        case cells([Cell])
        case midrule
    }

    let columns: [Column]
    private var lines: [Line] = []

    init(columns: [Column]) { self.columns = columns }

    /// Appends a body row; a row shorter than the header is padded with empty cells.
    mutating func appendRow(_ cells: [Cell]) throws(LaTeXTableError) {
        guard cells.count <= columns.count else {
            throw LaTeXTableError.rowTooWide(row: rowCount, cells: cells.count, columns: columns.count)
        }
        lines.append(.cells(cells + Array(repeating: .text(""), count: columns.count - cells.count)))
    }

    /// A rule between groups of rows.
    mutating func appendMidrule() { lines.append(.midrule) }

    var rowCount: Int { lines.filter { if case .cells = $0 { true } else { false } }.count }

    /// The `tabular` environment, `\n` line ends, ending with a line break.
    func render() -> String {
        var out = ["\\begin{tabular}{" + columns.map(\.alignment.rawValue).joined() + "}", "\\toprule"]
        out.append(columns.map(\.header.latex).joined(separator: " & ") + " \\\\")
        out.append("\\midrule")
        for line in lines {
            switch line {
            case .cells(let cells): out.append(cells.map(\.latex).joined(separator: " & ") + " \\\\")
            case .midrule: out.append("\\midrule")
            }
        }
        out += ["\\bottomrule", "\\end{tabular}"]
        return out.joined(separator: "\n") + "\n"
    }

    /// Escapes `& % $ # _ { } ~ ^ \` (and `< >`, which print as ¡ ¿ in the default OT1 encoding);
    /// line breaks become spaces so a cell stays on its row.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&", "%", "$", "#", "_", "{", "}": result += "\\" + String(character)
            case "~": result += "\\textasciitilde{}"
            case "^": result += "\\textasciicircum{}"
            case "\\": result += "\\textbackslash{}"
            case "<": result += "\\textless{}"
            case ">": result += "\\textgreater{}"
            case "\n", "\r", "\r\n": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}

/// Why a table row was refused.
enum LaTeXTableError: Error, Equatable, CustomStringConvertible {
    case rowTooWide(row: Int, cells: Int, columns: Int)

    var description: String {
        switch self {
        case .rowTooWide(let row, let cells, let columns):
            "LaTeX table: row \(row) has \(cells) cells but the table has \(columns) columns"
        }
    }
}
