import Testing
@testable import Reduce

@Test(arguments: [
    ("plain text 1.5", "plain text 1.5"),
    ("a & b", "a \\& b"),
    ("50%", "50\\%"),
    ("$5", "\\$5"),
    ("#1", "\\#1"),
    ("top_p", "top\\_p"),
    ("{x}", "\\{x\\}"),
    ("~/data", "\\textasciitilde{}/data"),
    ("x^2", "x\\textasciicircum{}2"),
    ("C:\\path", "C:\\textbackslash{}path"),
    ("a<b>c", "a\\textless{}b\\textgreater{}c"),
    ("two\nlines", "two lines"),
    ("τ_b", "τ\\_b"),
])
func latexEscaping(_ input: String, _ expected: String) {
    #expect(LaTeXTable.escaped(input) == expected)
}

@Test func tabularHasBooktabsRulesAlignmentAndRawCells() throws {
    var table = LaTeXTable(columns: [
        .init("model"), .init("technique", .left), .init(.raw("$\\tau_b$"), .right), .init("n", .center),
    ])
    try table.appendRow(["SmolLM2_135M", "chain-of-thought", "0.412", "1000"])
    try table.appendRow(["50% & more", .raw("\\textbf{best}")])
    table.appendMidrule()
    try table.appendRow(["m2", "cot", "−0.031", "7"])
    #expect(table.rowCount == 3)
    #expect(table.render() == """
        \\begin{tabular}{llrc}
        \\toprule
        model & technique & $\\tau_b$ & n \\\\
        \\midrule
        SmolLM2\\_135M & chain-of-thought & 0.412 & 1000 \\\\
        50\\% \\& more & \\textbf{best} &  &  \\\\
        \\midrule
        m2 & cot & −0.031 & 7 \\\\
        \\bottomrule
        \\end{tabular}

        """)
}

@Test func rowsWiderThanTheHeaderAreRefused() {
    var table = LaTeXTable(columns: [.init("a"), .init("b")])
    #expect(throws: LaTeXTableError.rowTooWide(row: 0, cells: 3, columns: 2)) {
        try table.appendRow(["1", "2", "3"])
    }
    #expect(LaTeXTableError.rowTooWide(row: 0, cells: 3, columns: 2).description
        == "LaTeX table: row 0 has 3 cells but the table has 2 columns")
}
