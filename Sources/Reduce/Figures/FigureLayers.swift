/// One thing drawn inside a panel's plot area. Layers draw in order, later over earlier.
enum FigureLayer: Sendable {
    case line(LineLayer)
    case band(BandLayer)
    case points(PointsLayer)
    case bars(BarsLayer)

    /// The legend label; nil keeps the layer out of the legend.
    var label: String? {
        switch self {
        case .line(let layer): layer.label
        case .band(let layer): layer.label
        case .points(let layer): layer.label
        case .bars(let layer): layer.label
        }
    }

    /// Legend entries sort by this rank, then by drawing order: a band drawn under its median
    /// line can still be listed after it.
    var legendRank: Int {
        switch self {
        case .line(let layer): layer.legendRank
        case .band(let layer): layer.legendRank
        case .points(let layer): layer.legendRank
        case .bars(let layer): layer.legendRank
        }
    }
}

/// A polyline through (x[i], y[i]); a non-finite coordinate breaks the line there.
struct LineLayer: Sendable {
    var x: [Double]
    var y: [Double]
    var color: FigureColor
    var width: Double = 1.75
    var dashed = false
    var label: String?
    var legendRank = 0
}

/// The filled area between `lower` and `upper` over `x` (e.g. a 25–75% spread);
/// a non-finite value breaks the area there.
struct BandLayer: Sendable {
    var x: [Double]
    var lower: [Double]
    var upper: [Double]
    var color: FigureColor
    var opacity: Double = 0.25
    var label: String?
    var legendRank = 0
}

/// Markers at (x[i], y[i]); points with a non-finite coordinate are skipped.
struct PointsLayer: Sendable {
    enum Marker: Sendable { case circle, square, diamond }
    var x: [Double]
    var y: [Double]
    var color: FigureColor
    var marker: Marker = .circle
    var radius: Double = 2.5
    var label: String?
    var legendRank = 0
}

/// Vertical bars, one per category of the panel's categorical x axis (`values[i]` for category i),
/// from zero to the value, with optional error bars from `errorLower[i]` to `errorUpper[i]`.
/// Several bar layers in one panel stand side by side within each category (grouped bars).
/// A non-finite value draws no bar; a non-finite bound draws no error bar.
struct BarsLayer: Sendable {
    var values: [Double]
    var errorLower: [Double] = []
    var errorUpper: [Double] = []
    var color: FigureColor
    var label: String?
    var legendRank = 0
}
