/// A figure: a grid of panels, filled row by row, `columns` wide (e.g. models × datasets).
struct Figure: Sendable {
    var title: String?
    var panels: [FigurePanel]
    var columns: Int
    /// Gives every panel the same x (y) range: the union of the panels' data ranges, unless an
    /// axis has a fixed range. Ignored for categorical axes.
    var sharesXRange = false
    var sharesYRange = false
    var legend: LegendPlacement = .belowFigure
    var layout = FigureLayout()

    var rows: Int { columns > 0 ? (panels.count + columns - 1) / columns : 0 }
}

/// Where legend entries (from the layers' labels) go.
enum LegendPlacement: Sendable, Equatable {
    /// One legend under the whole grid with the distinct entries of all panels (labels shared by panels).
    case belowFigure
    /// A legend under each panel's x axis (labels that differ per panel, such as a fit's R²).
    case belowEachPanel
    case hidden
}

/// One panel: a title, two axes and the layers drawn in its plot area.
struct FigurePanel: Sendable {
    var title: String
    var xAxis: FigureAxis
    var yAxis: FigureAxis
    var layers: [FigureLayer]
    /// Shown in the plot area instead of data when no layer has a finite point.
    var emptyNote = "no data"
}

/// An axis: its label, and either a numeric range (fixed, or taken from the data) or categories.
struct FigureAxis: Sendable {
    var label: String
    /// Fixed bounds, e.g. 0...1 for accuracy; nil takes the range from the data, widened to nice ticks.
    var fixedRange: ClosedRange<Double>?
    /// Category names for bar layers, placed at x = 0, 1, 2, …; nil for a numeric axis.
    var categories: [String]?

    init(label: String, fixedRange: ClosedRange<Double>? = nil, categories: [String]? = nil) {
        self.label = label
        self.fixedRange = fixedRange
        self.categories = categories
    }
}

/// Sizes in SVG user units (pixels at 96 dpi): the plot area of each panel is fixed, margins
/// around it grow to fit tick labels, axis labels and legends.
struct FigureLayout: Sendable {
    var plotWidth = 260.0
    var plotHeight = 180.0
    var fontSize = 11.0
    var titleFontSize = 12.0
    var figureTitleFontSize = 14.0
    var tickLength = 4.0
    var padding = 10.0
    var targetTickIntervals = 5
}
