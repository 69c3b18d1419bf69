/// A panel with its axes settled: tick positions and labels on both axes, or "empty".
struct ResolvedPanel {
    var panel: FigurePanel
    var x: AxisTicks
    var y: AxisTicks
    /// Category names when x is categorical (ticks at 0, 1, …; axis −0.5…n−0.5).
    var categories: [String]?
    var isEmpty: Bool

    /// Resolves every panel of `figure`, applying shared ranges where asked.
    static func resolveAll(_ figure: Figure) -> [ResolvedPanel] {
        let extents = figure.panels.map { DataExtent(layers: $0.layers) }
        let sharedX = figure.sharesXRange ? extents.reduce(nil) { DataExtent.union($0, $1.x) } : nil
        let sharedY = figure.sharesYRange ? extents.reduce(nil) { DataExtent.union($0, $1.y) } : nil
        return zip(figure.panels, extents).map { panel, extent in
            ResolvedPanel(panel: panel, extent: DataExtent(x: sharedX ?? extent.x, y: sharedY ?? extent.y),
                          isEmpty: extent.isEmpty, targetIntervals: figure.layout.targetTickIntervals)
        }
    }

    init(panel: FigurePanel, extent: DataExtent, isEmpty: Bool, targetIntervals: Int) {
        self.panel = panel
        self.isEmpty = isEmpty
        let barCount = panel.layers.reduce(0) { count, layer in
            if case .bars(let bars) = layer { max(count, bars.values.count) } else { count }
        }
        if let names = panel.xAxis.categories ?? (barCount > 0 ? (1...barCount).map(String.init) : nil) {
            categories = names
            let upper = Double(max(names.count, 1)) - 0.5
            x = AxisTicks(lower: -0.5, upper: upper, values: names.indices.map(Double.init), labels: names)
        } else {
            categories = nil
            x = ResolvedPanel.ticks(axis: panel.xAxis, data: extent.x, targetIntervals: targetIntervals)
        }
        y = ResolvedPanel.ticks(axis: panel.yAxis, data: extent.y, targetIntervals: targetIntervals)
    }

    private static func ticks(axis: FigureAxis, data: ClosedRange<Double>?, targetIntervals: Int) -> AxisTicks {
        if let fixed = axis.fixedRange {
            return NiceTicks.make(lower: fixed.lowerBound, upper: fixed.upperBound, targetIntervals: targetIntervals, expand: false)
        }
        let range = data ?? 0...1
        return NiceTicks.make(lower: range.lowerBound, upper: range.upperBound, targetIntervals: targetIntervals)
    }
}
