/// Draws legend rows: a symbol in the layer's style, then the label.
enum LegendRenderer {
    /// Draws `rows` starting at `left`, the first row's centre line at `top`; each row is centred
    /// within `width` when `centred`.
    static func draw(_ rows: [[LegendEntry]], left: Double, top: Double, width: Double, centred: Bool,
                     fontSize: Double, lineHeight: Double, into svg: inout SVGBuilder) {
        svg.open("g", ["class": "legend"])
        for (rowIndex, row) in rows.enumerated() {
            let rowWidth = LegendEntry.rowWidth(row, fontSize: fontSize)
            var x = centred ? left + max(0, (width - rowWidth) / 2) : left
            let middle = top + Double(rowIndex) * lineHeight
            for entry in row {
                drawSymbol(entry, left: x, middle: middle, into: &svg)
                let textX = x + LegendEntry.symbolWidth + LegendEntry.symbolGap
                svg.element("text", ["x": .number(textX), "y": .number(middle + fontSize * 0.35),
                                     "font-size": .number(fontSize), "fill": "#222222"], content: entry.label)
                x += entry.width(fontSize: fontSize) + LegendEntry.entryGap
            }
        }
        svg.close("g")
    }

    private static func drawSymbol(_ entry: LegendEntry, left: Double, middle: Double, into svg: inout SVGBuilder) {
        let width = LegendEntry.symbolWidth
        switch entry.symbol {
        case .line(let dashed):
            svg.empty("line", ["x1": .number(left), "y1": .number(middle), "x2": .number(left + width), "y2": .number(middle),
                               "stroke": .text(entry.color.hex), "stroke-width": "2",
                               "stroke-dasharray": .text(dashed ? "5 3" : "none")])
        case .band(let opacity):
            svg.empty("rect", ["x": .number(left), "y": .number(middle - 5), "width": .number(width), "height": "10",
                               "fill": .text(entry.color.hex), "fill-opacity": .number(opacity)])
        case .marker(let marker):
            LayerRenderer.marker(marker, at: (left + width / 2, middle), radius: 3, color: entry.color,
                                 className: "legend-marker", into: &svg)
        case .bar:
            svg.empty("rect", ["x": .number(left + 3), "y": .number(middle - 5), "width": .number(width - 6), "height": "10",
                               "fill": .text(entry.color.hex)])
        }
    }
}
