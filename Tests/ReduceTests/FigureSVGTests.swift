import Foundation
import Testing
@testable import Reduce

private func onePanel(_ layers: [FigureLayer], x: FigureAxis = FigureAxis(label: "x", fixedRange: 0...10),
                      y: FigureAxis = FigureAxis(label: "y", fixedRange: 0...1), title: String = "panel") -> Figure {
    Figure(title: nil, panels: [FigurePanel(title: title, xAxis: x, yAxis: y, layers: layers)], columns: 1)
}

@Test func documentIsStandaloneSVGWithSizeAndViewBox() throws {
    let svg = FigureRenderer.svg(onePanel([.points(PointsLayer(x: [1], y: [0.5], color: OkabeIto.blue))]))
    #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg "))
    let parsed = try parseSVG(svg)
    #expect(parsed.root.name == "svg")
    #expect(parsed.root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
    #expect(parsed.root.attributes["version"] == "1.1")
    let width = try #require(parsed.root.number("width"))
    let height = try #require(parsed.root.number("height"))
    #expect(parsed.root.attributes["viewBox"] == "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))")
    // Everything drawn lies inside the canvas.
    for text in parsed.all("text") where text.attributes["transform"] == nil {
        let x = try #require(text.number("x"))
        let y = try #require(text.number("y"))
        #expect(x >= 0 && x <= width && y >= 0 && y <= height)
    }
}

@Test func dataCoordinatesMapOntoThePlotArea() throws {
    // x fixed 0…10, y fixed 0…1: the point (2.5, 0.75) sits a quarter in from the left and from the top.
    let figure = onePanel([.points(PointsLayer(x: [2.5, 10], y: [0.75, 0], color: OkabeIto.blue))])
    let parsed = try parseSVG(FigureRenderer.svg(figure))
    let plot = try #require(parsed.all("rect", className: "plot-area").first)
    let (left, top) = (try #require(plot.number("x")), try #require(plot.number("y")))
    let (width, height) = (try #require(plot.number("width")), try #require(plot.number("height")))
    #expect(width == 260 && height == 180)
    let points = parsed.all("circle", className: "point")
    #expect(points.count == 2)
    #expect(abs(try #require(points[0].number("cx")) - (left + 65)) < 0.006)
    #expect(abs(try #require(points[0].number("cy")) - (top + 45)) < 0.006)
    // The corner (10, 0) is the plot area's bottom-right corner.
    #expect(abs(try #require(points[1].number("cx")) - (left + width)) < 0.006)
    #expect(abs(try #require(points[1].number("cy")) - (top + height)) < 0.006)
    // Ticks 0, 2, …, 10 on x and 0, 0.2, …, 1 on y.
    #expect(parsed.all("g").contains { $0.attributes["class"] == "x-ticks" })
    #expect(parsed.texts().contains("10") && parsed.texts().contains("0.6"))
}

@Test func nonFiniteValuesBreakLinesAndBands() throws {
    let nan = Double.nan
    let figure = onePanel([
        .band(BandLayer(x: [1, 2, 3, 4, 5, 6], lower: [0.1, 0.1, nan, 0.2, 0.2, 0.2], upper: [0.3, 0.3, 0.3, 0.4, 0.4, 0.4],
                        color: OkabeIto.blue)),
        .line(LineLayer(x: [1, 2, nan, 4, 5, 6, 7], y: [0.2, 0.2, 0.5, 0.3, 0.3, nan, 0.9], color: OkabeIto.blue)),
        .points(PointsLayer(x: [1, 2, 3], y: [0.5, nan, .infinity], color: OkabeIto.orange, marker: .square)),
    ])
    let parsed = try parseSVG(FigureRenderer.svg(figure))
    let lines = parsed.all("polyline", className: "line")
    #expect(lines.map { pointPairs($0.attributes["points"] ?? "").count } == [2, 2])
    // The lone point (7, 0.9) between a NaN and the end is drawn as a dot, not dropped.
    #expect(parsed.all("circle", className: "line-dot").count == 1)
    let bands = parsed.all("polygon", className: "band")
    #expect(bands.map { pointPairs($0.attributes["points"] ?? "").count } == [4, 6])
    #expect(parsed.all("rect", className: "point").count == 1)
}

@Test func bandPolygonRunsAlongUpperThenBackAlongLower() throws {
    let figure = onePanel([.band(BandLayer(x: [0, 10], lower: [0, 0.5], upper: [1, 1], color: OkabeIto.blue))])
    let parsed = try parseSVG(FigureRenderer.svg(figure))
    let plot = try #require(parsed.all("rect", className: "plot-area").first)
    let (left, top) = (try #require(plot.number("x")), try #require(plot.number("y")))
    let corners = pointPairs(try #require(parsed.all("polygon", className: "band").first?.attributes["points"]))
    let expected = [(left, top), (left + 260, top), (left + 260, top + 90), (left, top + 180)]
    #expect(corners.count == 4)
    for (corner, want) in zip(corners, expected) {
        #expect(abs(corner.0 - want.0) < 0.006 && abs(corner.1 - want.1) < 0.006)
    }
}

@Test func textIsEscapedAndSurvivesParsing() throws {
    let awkward = "a<b & \"c\" 'd' > e\u{07}"
    let figure = Figure(title: awkward, panels: [
        FigurePanel(title: awkward, xAxis: FigureAxis(label: "x & y"), yAxis: FigureAxis(label: "<y>"),
                    layers: [.line(LineLayer(x: [0, 1], y: [0, 1], color: OkabeIto.blue, label: "fit \"R²\" < 1"))]),
    ], columns: 1)
    let svg = FigureRenderer.svg(figure)
    #expect(svg.contains("a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt; e<"))
    #expect(!svg.contains("\u{07}"))
    let texts = try parseSVG(svg).texts()
    #expect(texts.filter { $0 == "a<b & \"c\" 'd' > e" }.count == 2)
    #expect(texts.contains("x & y") && texts.contains("<y>") && texts.contains("fit \"R²\" < 1"))
}

@Test func escapingTable() {
    #expect(XMLText.escaped("plain") == "plain")
    #expect(XMLText.escaped("&<>\"'") == "&amp;&lt;&gt;&quot;&apos;")
    #expect(XMLText.escaped("τ_b · R²") == "τ_b · R²")
    #expect(XMLText.escaped("tab\there\nline") == "tab here line")
    #expect(XMLText.escaped("bell\u{07}\u{0}x") == "bellx")
}

@Test func numbersAreFixedPrecisionWithoutNegativeZero() {
    #expect(SVGNumber.format(12.5) == "12.5")
    #expect(SVGNumber.format(3) == "3")
    #expect(SVGNumber.format(-0.004) == "0")
    #expect(SVGNumber.format(1.0 / 3.0) == "0.33")
    #expect(SVGNumber.format(-2.345678) == "-2.35")
    #expect(SVGNumber.format(1234567.891) == "1234567.89")
    #expect(SVGNumber.format(.nan) == "0")
}

@Test func sameFigureGivesSameBytes() throws {
    func build() -> Figure {
        EntropyCosineFigure.make(exampleEntropyCosineData(), title: "entropy vs cosine")
    }
    let first = FigureRenderer.svg(build())
    let second = FigureRenderer.svg(build())
    #expect(first == second)
    // No locale decimal commas in coordinates: every number-valued coordinate parses as Double.
    let parsed = try parseSVG(first)
    for circle in parsed.all("circle") {
        #expect(circle.number("cx") != nil && circle.number("cy") != nil)
    }
}

@Test func emptyPanelsShowANoteInsteadOfFailing() throws {
    let figure = Figure(title: "t", panels: [
        FigurePanel(title: "has data", xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"),
                    layers: [.line(LineLayer(x: [0, 1, 2], y: [1, 2, 3], color: OkabeIto.blue))]),
        FigurePanel(title: "all NaN", xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"),
                    layers: [.line(LineLayer(x: [.nan, 1], y: [1, .nan], color: OkabeIto.blue))]),
        FigurePanel(title: "no layers", xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"), layers: []),
    ], columns: 2, sharesXRange: true, sharesYRange: true)
    let parsed = try parseSVG(FigureRenderer.svg(figure))
    #expect(parsed.texts(className: "empty-note") == ["no data", "no data"])
    #expect(parsed.all("polyline").count == 1)
    #expect(parsed.all("rect", className: "plot-area").count == 3)
    #expect(parsed.texts(className: "panel-title") == ["has data", "all NaN", "no layers"])
    // Only the panel with data draws ticks, on y over its own data 1…3 (empty panels add nothing).
    let yTickLabels = parsed.all("text").filter { $0.attributes["text-anchor"] == "end" && $0.attributes["transform"] == nil }
    #expect(yTickLabels.map(\.text) == ["1.0", "1.5", "2.0", "2.5", "3.0"])
    // A figure without panels renders too.
    _ = try parseSVG(FigureRenderer.svg(Figure(title: nil, panels: [], columns: 3)))
}

@Test func sharedRangesUseTheUnionOfPanels() throws {
    let panels = [(0.0, 1.0), (2.0, 7.3)].map { low, high in
        FigurePanel(title: "p", xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"),
                    layers: [.line(LineLayer(x: [low, high], y: [low, high], color: OkabeIto.blue))])
    }
    let shared = try parseSVG(FigureRenderer.svg(Figure(title: nil, panels: panels, columns: 2, sharesXRange: true)))
    let separate = try parseSVG(FigureRenderer.svg(Figure(title: nil, panels: panels, columns: 2)))
    func xLabels(_ parsed: ParsedSVG) -> [String] {
        parsed.elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "middle" && $0.attributes["class"] == nil }
            .map(\.text)
    }
    #expect(xLabels(shared) == ["0", "2", "4", "6", "8", "0", "2", "4", "6", "8"])
    #expect(xLabels(separate) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "2", "4", "6", "8"])
}

@Test func legendListsDistinctLabelledLayers() throws {
    let panels = (0..<2).map { index in
        FigurePanel(title: "p\(index)", xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"), layers: [
            .line(LineLayer(x: [0, 1], y: [0, 1], color: OkabeIto.blue, label: "median")),
            .points(PointsLayer(x: [0, 1], y: [0, 1], color: OkabeIto.blue)),
            .band(BandLayer(x: [0, 1], lower: [0, 0], upper: [1, 1], color: OkabeIto.blue, label: "spread \(index)")),
        ])
    }
    let below = try parseSVG(FigureRenderer.svg(Figure(title: nil, panels: panels, columns: 2)))
    #expect(below.all("g").filter { $0.attributes["class"] == "legend" }.count == 1)
    let legendTexts = below.texts().filter { ["median", "spread 0", "spread 1"].contains($0) }
    #expect(legendTexts == ["median", "spread 0", "spread 1"])

    let perPanel = try parseSVG(FigureRenderer.svg(Figure(title: nil, panels: panels, columns: 2, legend: .belowEachPanel)))
    #expect(perPanel.all("g").filter { $0.attributes["class"] == "legend" }.count == 2)
    #expect(perPanel.texts().filter { $0 == "median" }.count == 2)
}

@Test func longCategoryLabelsAreRotatedAndStayOnTheCanvas() throws {
    let names = ["baseline", "chain-of-thought", "chain-of-draft", "self-consistency-with-long-name"]
    let figure = onePanel([.bars(BarsLayer(values: [0.2, 0.4, 0.6, 0.8], color: OkabeIto.blue))],
                          x: FigureAxis(label: "technique", categories: names))
    let parsed = try parseSVG(FigureRenderer.svg(figure))
    let rotated = parsed.all("text").filter { $0.attributes["transform"]?.hasPrefix("rotate(-40") == true }
    #expect(rotated.map(\.text) == names)
    // The widest label, rotated 40°, ends at its tick and must not reach past the left edge.
    let first = try #require(rotated.first { $0.text == names[3] })
    let reach = TextMetrics.width(names[3], fontSize: 11) * cos(40 * Double.pi / 180)
    #expect(try #require(first.number("x")) - reach >= 0)
}
