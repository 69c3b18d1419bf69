/// Kendall τ-b of each model's ranking (mean over templates) with the external table: one panel
/// per group, models on x, τ from −1 to 1.
enum RankingComparisonFigure {
    static func make(_ rows: [RankingComparisonRow]) -> Figure {
        let overall = rows.filter { $0.template == RankingComparisonRow.allTemplates }
        // A model on several datasets or techniques gets one bar per combination.
        func label(_ row: RankingComparisonRow) -> String {
            let cells = Set(overall.map { "\($0.dataset)/\($0.technique)" })
            return cells.count > 1 ? "\(row.model) (\(row.dataset)/\(row.technique))" : row.model
        }
        let models = firstAppearances(overall.map(label))
        let panels = firstAppearances(overall.map(\.group)).map { group in
            let rows = overall.filter { $0.group == group }
            let byModel = Dictionary(rows.map { (label($0), $0.kendall.statistic) }, uniquingKeysWith: { first, _ in first })
            var panel = FigurePanel(
                title: group, xAxis: FigureAxis(label: "model", categories: models),
                yAxis: FigureAxis(label: "Kendall τ-b", fixedRange: -1...1),
                layers: [.bars(BarsLayer(values: models.map { byModel[$0] ?? .nan }, color: OkabeIto.blue, label: nil))])
            // An undefined τ (e.g. a column of zero counts) says why instead of "no data".
            if let reason = rows.compactMap(\.kendall.undefinedReason).first { panel.emptyNote = "τ undefined: \(reason)" }
            return panel
        }
        return Figure(title: "model ranking vs external table (Kendall τ-b)", panels: panels,
                      columns: max(1, min(3, panels.count)), legend: .hidden)
    }
}
