/// One legend line: a small symbol in the layer's style and its label.
struct LegendEntry: Hashable {
    enum Symbol: Hashable {
        case line(dashed: Bool)
        case band(opacity: Double)
        case marker(PointsLayer.Marker)
        case bar
    }

    var label: String
    var symbol: Symbol
    var color: FigureColor

    static let symbolWidth = 18.0
    static let symbolGap = 5.0
    static let entryGap = 14.0

    /// The labelled layers' entries, first occurrence kept, by legend rank then drawing order.
    static func entries(of layers: [FigureLayer]) -> [LegendEntry] {
        var seen = Set<LegendEntry>()
        var result: [LegendEntry] = []
        let ranked = layers.enumerated().sorted { ($0.element.legendRank, $0.offset) < ($1.element.legendRank, $1.offset) }
        for layer in ranked.map(\.element) {
            guard let label = layer.label, !label.isEmpty else { continue }
            let entry: LegendEntry = switch layer {
            case .line(let line): LegendEntry(label: label, symbol: .line(dashed: line.dashed), color: line.color)
            case .band(let band): LegendEntry(label: label, symbol: .band(opacity: band.opacity), color: band.color)
            case .points(let points): LegendEntry(label: label, symbol: .marker(points.marker), color: points.color)
            case .bars(let bars): LegendEntry(label: label, symbol: .bar, color: bars.color)
            }
            if seen.insert(entry).inserted { result.append(entry) }
        }
        return result
    }

    func width(fontSize: Double) -> Double {
        LegendEntry.symbolWidth + LegendEntry.symbolGap + TextMetrics.width(label, fontSize: fontSize)
    }

    /// Splits entries into rows no wider than `maxWidth` (an entry wider than that gets a row of its own).
    static func rows(_ entries: [LegendEntry], maxWidth: Double, fontSize: Double) -> [[LegendEntry]] {
        var rows: [[LegendEntry]] = []
        var current: [LegendEntry] = []
        var currentWidth = 0.0
        for entry in entries {
            let width = entry.width(fontSize: fontSize)
            let widthWithGap = current.isEmpty ? width : currentWidth + entryGap + width
            if !current.isEmpty && widthWithGap > maxWidth {
                rows.append(current)
                current = [entry]
                currentWidth = width
            } else {
                current.append(entry)
                currentWidth = widthWithGap
            }
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    static func rowWidth(_ row: [LegendEntry], fontSize: Double) -> Double {
        row.reduce(0) { $0 + $1.width(fontSize: fontSize) } + entryGap * Double(max(0, row.count - 1))
    }
}
