/// Renders a `Figure` as a standalone SVG 1.1 document (UTF-8, width/height/viewBox in pixels).
enum FigureRenderer {
    static func svg(_ figure: Figure) -> String {
        let panels = ResolvedPanel.resolveAll(figure)
        let geometry = FigureGeometry(figure: figure, panels: panels)
        var svg = SVGBuilder()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
        svg.open("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "version": "1.1",
            "width": .number(geometry.width), "height": .number(geometry.height),
            "viewBox": .text("0 0 \(SVGNumber.format(geometry.width)) \(SVGNumber.format(geometry.height))"),
            "font-family": "DejaVu Sans, Helvetica, Arial, sans-serif",
        ])
        svg.empty("rect", ["class": "background", "x": "0", "y": "0", "width": .number(geometry.width),
                           "height": .number(geometry.height), "fill": "#FFFFFF"])
        if let title = figure.title {
            svg.element("text", ["class": "figure-title", "x": .number(geometry.width / 2),
                                 "y": .number(geometry.layout.padding + figure.layout.figureTitleFontSize * 1.1),
                                 "text-anchor": "middle", "font-size": .number(figure.layout.figureTitleFontSize),
                                 "font-weight": "bold", "fill": "#111111"],
                        content: TextMetrics.truncated(title, toWidth: geometry.width - 2 * geometry.layout.padding,
                                                       fontSize: figure.layout.figureTitleFontSize, bold: true))
        }
        for (index, panel) in panels.enumerated() {
            PanelRenderer(geometry: geometry, index: index, resolved: panel).draw(into: &svg)
        }
        if !geometry.figureLegendRows.isEmpty {
            LegendRenderer.draw(geometry.figureLegendRows, left: geometry.layout.padding,
                                top: geometry.figureLegendTop + geometry.lineHeight / 2,
                                width: geometry.width - 2 * geometry.layout.padding, centred: true,
                                fontSize: figure.layout.fontSize, lineHeight: geometry.lineHeight, into: &svg)
        }
        svg.close("svg")
        return svg.lines.joined(separator: "\n") + "\n"
    }
}
