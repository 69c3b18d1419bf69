import Foundation

/// Where everything goes: margins around each panel's plot area (the same for every panel, so
/// the grid lines up), the figure size, and the legend rows.
struct FigureGeometry {
    let layout: FigureLayout
    let columns: Int
    let rows: Int
    /// Space from the cell's left edge to the plot area, and so on round it.
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double
    let rotatesCategoryLabels: Bool
    let tickLabelBand: Double
    let xLabelBand: Double
    let yLabelBand: Double
    let panelLegendRows: [[[LegendEntry]]]
    let figureLegendRows: [[LegendEntry]]
    let titleBand: Double
    let width: Double
    let height: Double

    static let categoryLabelAngle = 40.0
    var lineHeight: Double { layout.fontSize * 1.45 }
    var cellWidth: Double { left + layout.plotWidth + right }
    var cellHeight: Double { top + layout.plotHeight + bottom }

    init(figure: Figure, panels: [ResolvedPanel]) {
        let layout = figure.layout
        let font = layout.fontSize
        self.layout = layout
        columns = max(1, figure.columns)
        rows = (panels.count + columns - 1) / columns

        let drawn = panels.filter { !$0.isEmpty }
        let angle = FigureGeometry.categoryLabelAngle * Double.pi / 180
        var rotates = false
        var widestCategory = 0.0
        var narrowestSlot = Double.infinity
        for panel in drawn {
            guard let categories = panel.categories, !categories.isEmpty else { continue }
            let slot = layout.plotWidth / Double(categories.count)
            let widest = categories.map { TextMetrics.width($0, fontSize: font) }.max() ?? 0
            widestCategory = max(widestCategory, widest)
            narrowestSlot = min(narrowestSlot, slot)
            if widest > slot * 0.9 { rotates = true }
        }
        rotatesCategoryLabels = rotates
        tickLabelBand = rotates ? widestCategory * sin(angle) + font * cos(angle) + 4 : font * 1.25

        let yTickWidth = drawn.flatMap(\.y.labels).map { TextMetrics.width($0, fontSize: font) }.max() ?? 0
        yLabelBand = panels.contains { !$0.panel.yAxis.label.isEmpty } ? font * 1.7 : 0
        xLabelBand = panels.contains { !$0.panel.xAxis.label.isEmpty } ? font * 1.7 : 0
        let rotatedOverhang = rotates ? widestCategory * cos(angle) - narrowestSlot / 2 + font : 0
        left = max(yLabelBand + yTickWidth + layout.tickLength + 5, rotatedOverhang, 24)

        let lastXLabelHalf = drawn.filter { $0.categories == nil }
            .compactMap { $0.x.labels.last }.map { TextMetrics.width($0, fontSize: font) / 2 }.max() ?? 0
        right = max(layout.padding, lastXLabelHalf + 2)
        top = layout.titleFontSize * 1.9

        let cellWidth = left + layout.plotWidth + right
        if figure.legend == .belowEachPanel {
            panelLegendRows = panels.map {
                LegendEntry.rows(LegendEntry.entries(of: $0.panel.layers), maxWidth: cellWidth - 8, fontSize: font)
            }
        } else {
            panelLegendRows = panels.map { _ in [] }
        }
        let legendLines = panelLegendRows.map(\.count).max() ?? 0
        let panelLegendBand = legendLines > 0 ? 4 + Double(legendLines) * font * 1.45 : 0
        bottom = layout.tickLength + 3 + tickLabelBand + xLabelBand + panelLegendBand + 2

        width = 2 * layout.padding + Double(columns) * cellWidth + Double(columns - 1) * layout.padding
        if figure.legend == .belowFigure {
            let entries = LegendEntry.entries(of: figure.panels.flatMap(\.layers))
            figureLegendRows = LegendEntry.rows(entries, maxWidth: width - 2 * layout.padding, fontSize: font)
        } else {
            figureLegendRows = []
        }
        titleBand = figure.title.map { _ in layout.figureTitleFontSize * 1.8 } ?? 0
        let gridHeight = Double(rows) * (top + layout.plotHeight + bottom) + Double(max(0, rows - 1)) * layout.padding
        let figureLegendBand = figureLegendRows.isEmpty ? 0 : 6 + Double(figureLegendRows.count) * font * 1.45
        height = 2 * layout.padding + titleBand + gridHeight + figureLegendBand
    }

    /// Top-left corner of panel `index`'s plot area.
    func plotOrigin(_ index: Int) -> (x: Double, y: Double) {
        let column = Double(index % columns)
        let row = Double(index / columns)
        let cellX = layout.padding + column * (cellWidth + layout.padding)
        let cellY = layout.padding + titleBand + row * (cellHeight + layout.padding)
        return (cellX + left, cellY + top)
    }

    /// Top of the figure legend (below the last row of panels).
    var figureLegendTop: Double {
        layout.padding + titleBand + Double(rows) * cellHeight + Double(max(0, rows - 1)) * layout.padding + 6
    }
}
