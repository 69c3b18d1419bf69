/// Draws layers into a plot area through its two scales. Callers clip the result to the plot area.
struct LayerRenderer {
    var x: LinearScale
    var y: LinearScale
    /// Category count of a categorical x axis (bars), 0 when numeric.
    var categoryCount: Int
    var barLayerCount: Int
    var missingFontSize: Double

    func draw(_ layers: [FigureLayer], into svg: inout SVGBuilder) {
        var barIndex = 0
        for layer in layers {
            switch layer {
            case .line(let line): drawLine(line, into: &svg)
            case .band(let band): drawBand(band, into: &svg)
            case .points(let points): drawPoints(points, into: &svg)
            case .bars(let bars):
                drawBars(bars, slot: barIndex, into: &svg)
                barIndex += 1
            }
        }
    }

    private func drawLine(_ line: LineLayer, into svg: inout SVGBuilder) {
        let points = zip(line.x, line.y).map { ($0, $1) }
        for run in LayerRenderer.finiteRuns(points.count, isFinite: { points[$0].0.isFinite && points[$0].1.isFinite }) {
            let pixels = run.map { (x.pixel(points[$0].0), y.pixel(points[$0].1)) }
            if pixels.count == 1 {
                svg.empty("circle", ["class": "line-dot", "cx": .number(pixels[0].0), "cy": .number(pixels[0].1),
                                     "r": .number(line.width), "fill": .text(line.color.hex)])
                continue
            }
            svg.empty("polyline", [
                "class": "line", "points": .text(SVGBuilder.pointList(pixels)), "fill": "none",
                "stroke": .text(line.color.hex), "stroke-width": .number(line.width),
                "stroke-linejoin": "round", "stroke-linecap": "round",
                "stroke-dasharray": .text(line.dashed ? "6 4" : "none"),
            ])
        }
    }

    private func drawBand(_ band: BandLayer, into svg: inout SVGBuilder) {
        let count = min(band.x.count, band.lower.count, band.upper.count)
        let runs = LayerRenderer.finiteRuns(count) {
            band.x[$0].isFinite && band.lower[$0].isFinite && band.upper[$0].isFinite
        }
        for run in runs where run.count >= 2 {
            let upper = run.map { (x.pixel(band.x[$0]), y.pixel(band.upper[$0])) }
            let lower = run.reversed().map { (x.pixel(band.x[$0]), y.pixel(band.lower[$0])) }
            svg.empty("polygon", [
                "class": "band", "points": .text(SVGBuilder.pointList(upper + lower)),
                "fill": .text(band.color.hex), "fill-opacity": .number(band.opacity), "stroke": "none",
            ])
        }
    }

    private func drawPoints(_ layer: PointsLayer, into svg: inout SVGBuilder) {
        for (px, py) in zip(layer.x, layer.y) where px.isFinite && py.isFinite {
            LayerRenderer.marker(layer.marker, at: (x.pixel(px), y.pixel(py)), radius: layer.radius,
                                 color: layer.color, className: "point", into: &svg)
        }
    }

    private func drawBars(_ bars: BarsLayer, slot: Int, into svg: inout SVGBuilder) {
        guard categoryCount > 0 else { return }
        let categoryWidth = abs(x.pixel(1) - x.pixel(0))
        let groupWidth = categoryWidth * 0.8
        let barWidth = groupWidth / Double(max(1, barLayerCount))
        let baseline = y.pixel(min(max(0, y.dataLower), y.dataUpper))
        for (index, value) in bars.values.enumerated() where index < categoryCount {
            let left = x.pixel(Double(index)) - groupWidth / 2 + Double(slot) * barWidth
            guard value.isFinite else {
                // Marks a missing value, so it does not read as a zero-height bar.
                svg.element("text", ["class": "bar-missing", "x": .number(left + barWidth / 2), "y": .number(baseline - 4),
                                     "text-anchor": "middle", "font-size": .number(missingFontSize), "fill": "#777777"],
                            content: "n/a")
                continue
            }
            let top = y.pixel(value)
            svg.empty("rect", [
                "class": "bar", "x": .number(left + barWidth * 0.04), "y": .number(min(top, baseline)),
                "width": .number(barWidth * 0.92), "height": .number(abs(baseline - top)), "fill": .text(bars.color.hex),
            ])
            guard bars.errorLower.indices.contains(index), bars.errorUpper.indices.contains(index),
                  bars.errorLower[index].isFinite, bars.errorUpper[index].isFinite else { continue }
            let centre = left + barWidth / 2
            let low = y.pixel(bars.errorLower[index])
            let high = y.pixel(bars.errorUpper[index])
            let cap = min(barWidth * 0.25, 6)
            let path = "M\(SVGNumber.format(centre)) \(SVGNumber.format(low))V\(SVGNumber.format(high))"
                + "M\(SVGNumber.format(centre - cap)) \(SVGNumber.format(low))H\(SVGNumber.format(centre + cap))"
                + "M\(SVGNumber.format(centre - cap)) \(SVGNumber.format(high))H\(SVGNumber.format(centre + cap))"
            svg.empty("path", ["class": "error-bar", "d": .text(path), "fill": "none", "stroke": "#222222", "stroke-width": "1.2"])
        }
    }

    /// A marker centred on `at`; also used for legend symbols.
    static func marker(_ marker: PointsLayer.Marker, at centre: (Double, Double), radius: Double,
                       color: FigureColor, className: String, into svg: inout SVGBuilder) {
        switch marker {
        case .circle:
            svg.empty("circle", ["class": .text(className), "cx": .number(centre.0), "cy": .number(centre.1),
                                 "r": .number(radius), "fill": .text(color.hex)])
        case .square:
            svg.empty("rect", ["class": .text(className), "x": .number(centre.0 - radius), "y": .number(centre.1 - radius),
                               "width": .number(2 * radius), "height": .number(2 * radius), "fill": .text(color.hex)])
        case .diamond:
            let corner = radius * 1.3
            let points = [(centre.0, centre.1 - corner), (centre.0 + corner, centre.1),
                          (centre.0, centre.1 + corner), (centre.0 - corner, centre.1)]
            svg.empty("polygon", ["class": .text(className), "points": .text(SVGBuilder.pointList(points)), "fill": .text(color.hex)])
        }
    }

    /// Maximal runs of consecutive indices in 0..<count where `isFinite` holds.
    static func finiteRuns(_ count: Int, isFinite: (Int) -> Bool) -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        for index in 0..<count {
            if isFinite(index) {
                current.append(index)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}
