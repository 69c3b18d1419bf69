/// A layer × head heatmap (rows = layers from 0 at the top, columns = heads) with a vertical
/// colour-scale legend. The scale runs linearly from the map's smallest to its largest finite value
/// through a light-yellow → dark-blue ramp; non-finite cells are grey.
enum LayerHeadHeatmap {
    static let cellSize = 18.0
    static let fontSize = 11.0

    static func svg(title: String, caption: String, layers: Int, heads: Int, values: [Double]) -> String {
        let finite = values.filter(\.isFinite)
        let ticks = NiceTicks.make(lower: finite.min() ?? 0, upper: finite.max() ?? 1, targetIntervals: 4, expand: false)
        let scale = (low: finite.min() ?? 0, high: finite.max() ?? 1)
        let left = 60.0, top = 52.0
        let plotWidth = Double(heads) * cellSize, plotHeight = Double(layers) * cellSize
        let legendLeft = left + plotWidth + 24, legendWidth = 14.0
        let width = max(legendLeft + legendWidth + 70, TextMetrics.width(title, fontSize: 13, bold: true) + 20,
                        TextMetrics.width(caption, fontSize: fontSize) + 20)
        let height = top + plotHeight + 44
        var svg = SVGBuilder()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
        svg.open("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "version": "1.1", "width": .number(width), "height": .number(height),
            "viewBox": .text("0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"),
            "font-family": "DejaVu Sans, Helvetica, Arial, sans-serif",
        ])
        svg.empty("rect", ["class": "background", "x": "0", "y": "0", "width": .number(width), "height": .number(height),
                           "fill": "#FFFFFF"])
        svg.element("text", ["class": "figure-title", "x": .number(width / 2), "y": "18", "text-anchor": "middle",
                             "font-size": "13", "font-weight": "bold", "fill": "#111111"], content: title)
        svg.element("text", ["x": .number(width / 2), "y": "34", "text-anchor": "middle", "font-size": .number(fontSize),
                             "fill": "#333333"], content: caption)
        svg.open("g", ["class": "cells"])
        for layer in 0..<layers {
            for head in 0..<heads {
                let value = values[layer * heads + head]
                svg.empty("rect", [
                    "x": .number(left + Double(head) * cellSize), "y": .number(top + Double(layer) * cellSize),
                    "width": .number(cellSize), "height": .number(cellSize),
                    "fill": .text(value.isFinite ? color(fraction(value, scale)).hex : FigureColor.lightGray.hex),
                ])
            }
        }
        svg.close("g")
        let labelEvery = max(1, Int((Double(max(layers, heads)) / 16).rounded(.up)))
        for layer in stride(from: 0, to: layers, by: labelEvery) {
            svg.element("text", ["x": .number(left - 4), "y": .number(top + (Double(layer) + 0.7) * cellSize),
                                 "text-anchor": "end", "font-size": .number(fontSize)], content: String(layer))
        }
        for head in stride(from: 0, to: heads, by: labelEvery) {
            svg.element("text", ["x": .number(left + (Double(head) + 0.5) * cellSize), "y": .number(top - 4),
                                 "text-anchor": "middle", "font-size": .number(fontSize)], content: String(head))
        }
        svg.element("text", ["x": .number(left + plotWidth / 2), "y": .number(top + plotHeight + 16),
                             "text-anchor": "middle", "font-size": .number(fontSize)], content: "head")
        svg.element("text", ["x": "14", "y": .number(top + plotHeight / 2), "text-anchor": "middle",
                             "font-size": .number(fontSize),
                             "transform": .text("rotate(-90 14 \(SVGNumber.format(top + plotHeight / 2)))")], content: "layer")
        drawLegend(into: &svg, left: legendLeft, top: top, width: legendWidth, height: plotHeight, ticks: ticks, scale: scale)
        svg.close("svg")
        return svg.lines.joined(separator: "\n") + "\n"
    }

    /// The colour ramp as stacked strips, high values at the top, with the ticks beside it.
    private static func drawLegend(into svg: inout SVGBuilder, left: Double, top: Double, width: Double, height: Double,
                                   ticks: AxisTicks, scale: (low: Double, high: Double)) {
        let strips = 32
        svg.open("g", ["class": "colour-scale"])
        for strip in 0..<strips {
            let stripHeight = height / Double(strips)
            svg.empty("rect", ["x": .number(left), "y": .number(top + Double(strip) * stripHeight), "width": .number(width),
                               "height": .number(stripHeight + 0.5),
                               "fill": .text(color(1 - (Double(strip) + 0.5) / Double(strips)).hex)])
        }
        svg.empty("rect", ["x": .number(left), "y": .number(top), "width": .number(width), "height": .number(height),
                           "fill": "none", "stroke": "#333333", "stroke-width": "0.5"])
        for (value, label) in zip(ticks.values, ticks.labels) {
            let y = top + height * (1 - fraction(value, scale))
            svg.empty("line", ["x1": .number(left + width), "y1": .number(y), "x2": .number(left + width + 4), "y2": .number(y),
                               "stroke": "#333333"])
            svg.element("text", ["x": .number(left + width + 6), "y": .number(y + 4), "font-size": .number(fontSize)],
                        content: label)
        }
        svg.element("text", ["x": .number(left), "y": .number(top + height + 16), "font-size": .number(fontSize)],
                    content: "nats")
        svg.close("g")
    }

    private static func fraction(_ value: Double, _ scale: (low: Double, high: Double)) -> Double {
        scale.high > scale.low ? min(1, max(0, (value - scale.low) / (scale.high - scale.low))) : 0.5
    }

    /// Linear between #FFFFD9 (0) and #081D58 (1), through #41B6C4 at ½ (a yellow–green–blue ramp
    /// that stays readable in grey).
    static func color(_ t: Double) -> FigureColor {
        let stops: [(Double, Double, Double)] = [(0xFF, 0xFF, 0xD9), (0x41, 0xB6, 0xC4), (0x08, 0x1D, 0x58)]
        let position = min(1, max(0, t)) * 2
        let index = min(1, Int(position))
        let local = position - Double(index)
        func mix(_ a: Double, _ b: Double) -> UInt8 { UInt8((a + (b - a) * local).rounded()) }
        let (a, b) = (stops[index], stops[index + 1])
        return FigureColor(red: mix(a.0, b.0), green: mix(a.1, b.1), blue: mix(a.2, b.2))
    }
}
