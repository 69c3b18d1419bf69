/// The finite data range of a panel's layers along x and y.
struct DataExtent: Sendable, Equatable {
    var x: ClosedRange<Double>?
    var y: ClosedRange<Double>?

    /// Bars count from zero, so the y extent of a bar layer includes 0; their x extent is left to the categories.
    init(layers: [FigureLayer]) {
        var x = RangeAccumulator()
        var y = RangeAccumulator()
        for layer in layers {
            switch layer {
            case .line(let line):
                for (px, py) in zip(line.x, line.y) where px.isFinite && py.isFinite {
                    x.add(px)
                    y.add(py)
                }
            case .points(let points):
                for (px, py) in zip(points.x, points.y) where px.isFinite && py.isFinite {
                    x.add(px)
                    y.add(py)
                }
            case .band(let band):
                for index in band.x.indices where band.x[index].isFinite {
                    let bounds = [band.lower, band.upper].compactMap { $0.indices.contains(index) ? $0[index] : nil }
                    let finite = bounds.filter(\.isFinite)
                    guard !finite.isEmpty else { continue }
                    x.add(band.x[index])
                    finite.forEach { y.add($0) }
                }
            case .bars(let bars):
                for (index, value) in bars.values.enumerated() where value.isFinite {
                    y.add(0)
                    y.add(value)
                    for bound in [bars.errorLower, bars.errorUpper] where bound.indices.contains(index) && bound[index].isFinite {
                        y.add(bound[index])
                    }
                }
            }
        }
        self.x = x.range
        self.y = y.range
    }

    init(x: ClosedRange<Double>?, y: ClosedRange<Double>?) {
        self.x = x
        self.y = y
    }

    /// True when no layer has a point to draw.
    var isEmpty: Bool { y == nil }

    static func union(_ first: ClosedRange<Double>?, _ second: ClosedRange<Double>?) -> ClosedRange<Double>? {
        guard let first else { return second }
        guard let second else { return first }
        return min(first.lowerBound, second.lowerBound)...max(first.upperBound, second.upperBound)
    }
}

private struct RangeAccumulator {
    var lower = Double.infinity
    var upper = -Double.infinity

    mutating func add(_ value: Double) {
        lower = min(lower, value)
        upper = max(upper, value)
    }

    var range: ClosedRange<Double>? { lower <= upper ? lower...upper : nil }
}
