import Foundation

/// Draws one panel: title, grid lines, layers (clipped to the plot area), frame, ticks and axis labels.
struct PanelRenderer {
    var geometry: FigureGeometry
    var index: Int
    var resolved: ResolvedPanel

    private var layout: FigureLayout { geometry.layout }
    private var font: Double { layout.fontSize }
    private var plotLeft: Double { geometry.plotOrigin(index).x }
    private var plotTop: Double { geometry.plotOrigin(index).y }
    private var plotRight: Double { plotLeft + layout.plotWidth }
    private var plotBottom: Double { plotTop + layout.plotHeight }

    /// Height of this panel's x tick labels: rotated category labels need more than numbers.
    private var ownTickLabelBand: Double {
        geometry.rotatesCategoryLabels && resolved.categories != nil && !resolved.isEmpty
            ? geometry.tickLabelBand : font * 1.25
    }

    var xScale: LinearScale { LinearScale(dataLower: resolved.x.lower, dataUpper: resolved.x.upper, pixelStart: plotLeft, pixelEnd: plotRight) }
    var yScale: LinearScale { LinearScale(dataLower: resolved.y.lower, dataUpper: resolved.y.upper, pixelStart: plotBottom, pixelEnd: plotTop) }

    func draw(into svg: inout SVGBuilder) {
        svg.open("g", ["class": "panel", "id": .text("panel-\(index)")])
        drawTitle(into: &svg)
        if resolved.isEmpty {
            drawFrame(into: &svg)
            svg.element("text", ["class": "empty-note", "x": .number((plotLeft + plotRight) / 2),
                                 "y": .number((plotTop + plotBottom) / 2 + font * 0.35), "text-anchor": "middle",
                                 "font-size": .number(font), "font-style": "italic", "fill": "#777777"],
                        content: resolved.panel.emptyNote)
        } else {
            drawGrid(into: &svg)
            drawLayers(into: &svg)
            drawFrame(into: &svg)
            drawXTicks(into: &svg)
            drawYTicks(into: &svg)
        }
        drawAxisLabels(into: &svg)
        drawLegend(into: &svg)
        svg.close("g")
    }

    private func drawTitle(into svg: inout SVGBuilder) {
        // Kept within the plot area's width so it never runs into the top y tick label or the next panel.
        let title = TextMetrics.truncated(resolved.panel.title, toWidth: layout.plotWidth,
                                          fontSize: layout.titleFontSize, bold: true)
        svg.element("text", ["class": "panel-title", "x": .number((plotLeft + plotRight) / 2),
                             "y": .number(plotTop - layout.titleFontSize * 0.65), "text-anchor": "middle",
                             "font-size": .number(layout.titleFontSize), "font-weight": "bold", "fill": "#111111"],
                    content: title)
    }

    private func drawFrame(into svg: inout SVGBuilder) {
        svg.empty("rect", ["class": "plot-area", "x": .number(plotLeft), "y": .number(plotTop),
                           "width": .number(layout.plotWidth), "height": .number(layout.plotHeight),
                           "fill": "none", "stroke": "#444444", "stroke-width": "1"])
    }

    private func drawGrid(into svg: inout SVGBuilder) {
        svg.open("g", ["class": "grid", "stroke": .text(FigureColor.lightGray.hex), "stroke-width": "0.6"])
        for value in resolved.y.values {
            let y = yScale.pixel(value)
            svg.empty("line", ["x1": .number(plotLeft), "y1": .number(y), "x2": .number(plotRight), "y2": .number(y)])
        }
        if resolved.categories == nil {
            for value in resolved.x.values {
                let x = xScale.pixel(value)
                svg.empty("line", ["x1": .number(x), "y1": .number(plotTop), "x2": .number(x), "y2": .number(plotBottom)])
            }
        }
        svg.close("g")
    }

    private func drawLayers(into svg: inout SVGBuilder) {
        // A few pixels of slack so markers and lines on the axis bounds are not cut in half.
        let slack = 4.0
        let clipID = "plot-clip-\(index)"
        svg.open("clipPath", ["id": .text(clipID)])
        svg.empty("rect", ["x": .number(plotLeft - slack), "y": .number(plotTop - slack),
                           "width": .number(layout.plotWidth + 2 * slack), "height": .number(layout.plotHeight + 2 * slack)])
        svg.close("clipPath")
        svg.open("g", ["class": "layers", "clip-path": .text("url(#\(clipID))")])
        let barLayers = resolved.panel.layers.filter { if case .bars = $0 { true } else { false } }.count
        let renderer = LayerRenderer(x: xScale, y: yScale, categoryCount: resolved.categories?.count ?? 0,
                                     barLayerCount: barLayers, missingFontSize: font * 0.8)
        renderer.draw(resolved.panel.layers, into: &svg)
        svg.close("g")
    }

    private func drawXTicks(into svg: inout SVGBuilder) {
        svg.open("g", ["class": "x-ticks", "font-size": .number(font), "fill": "#222222"])
        let labelTop = plotBottom + layout.tickLength + 3
        for (value, label) in zip(resolved.x.values, resolved.x.labels) {
            let x = xScale.pixel(value)
            svg.empty("line", ["x1": .number(x), "y1": .number(plotBottom), "x2": .number(x),
                               "y2": .number(plotBottom + layout.tickLength), "stroke": "#444444"])
            if geometry.rotatesCategoryLabels && resolved.categories != nil {
                let anchorX = x + font * 0.3
                let anchorY = labelTop + font * 0.6
                svg.element("text", ["x": .number(anchorX), "y": .number(anchorY), "text-anchor": "end",
                                     "transform": .text("rotate(-\(SVGNumber.format(FigureGeometry.categoryLabelAngle)) "
                                         + "\(SVGNumber.format(anchorX)) \(SVGNumber.format(anchorY)))")], content: label)
            } else {
                let shown = resolved.categories == nil ? label
                    : TextMetrics.truncated(label, toWidth: layout.plotWidth / Double(max(1, resolved.x.values.count)), fontSize: font)
                svg.element("text", ["x": .number(x), "y": .number(labelTop + font * 0.8), "text-anchor": "middle"], content: shown)
            }
        }
        svg.close("g")
    }

    private func drawYTicks(into svg: inout SVGBuilder) {
        svg.open("g", ["class": "y-ticks", "font-size": .number(font), "fill": "#222222"])
        for (value, label) in zip(resolved.y.values, resolved.y.labels) {
            let y = yScale.pixel(value)
            svg.empty("line", ["x1": .number(plotLeft - layout.tickLength), "y1": .number(y), "x2": .number(plotLeft),
                               "y2": .number(y), "stroke": "#444444"])
            svg.element("text", ["x": .number(plotLeft - layout.tickLength - 3), "y": .number(y + font * 0.35),
                                 "text-anchor": "end"], content: label)
        }
        svg.close("g")
    }

    private func drawAxisLabels(into svg: inout SVGBuilder) {
        let xLabel = resolved.panel.xAxis.label
        if !xLabel.isEmpty {
            let y = plotBottom + layout.tickLength + 3 + ownTickLabelBand + font * 1.2
            svg.element("text", ["class": "x-label", "x": .number((plotLeft + plotRight) / 2), "y": .number(y),
                                 "text-anchor": "middle", "font-size": .number(font), "fill": "#111111"],
                        content: TextMetrics.truncated(xLabel, toWidth: geometry.cellWidth, fontSize: font))
        }
        let yLabel = resolved.panel.yAxis.label
        if !yLabel.isEmpty {
            let x = plotLeft - geometry.left + font
            let y = (plotTop + plotBottom) / 2
            svg.element("text", ["class": "y-label", "x": .number(x), "y": .number(y), "text-anchor": "middle",
                                 "transform": .text("rotate(-90 \(SVGNumber.format(x)) \(SVGNumber.format(y)))"),
                                 "font-size": .number(font), "fill": "#111111"],
                        content: TextMetrics.truncated(yLabel, toWidth: layout.plotHeight + geometry.top, fontSize: font))
        }
    }

    private func drawLegend(into svg: inout SVGBuilder) {
        let rows = geometry.panelLegendRows[index]
        guard !rows.isEmpty else { return }
        let top = plotBottom + layout.tickLength + 3 + ownTickLabelBand + geometry.xLabelBand + 4 + geometry.lineHeight / 2
        let cellLeft = plotLeft - geometry.left
        LegendRenderer.draw(rows, left: cellLeft + 4, top: top, width: geometry.cellWidth - 8, centred: true,
                            fontSize: font, lineHeight: geometry.lineHeight, into: &svg)
    }
}
