/// Accuracy of one prompting technique with its 95% interval (e.g. Wilson), all in 0…1.
struct TechniqueAccuracy: Sendable, Equatable {
    var technique: String
    var accuracy: Double
    var lower: Double
    var upper: Double
}

/// One model's accuracies, one per technique.
struct ModelAccuracy: Sendable {
    var model: String
    var techniques: [TechniqueAccuracy]
}

/// Accuracy by prompting technique as bars with error bars, y from 0 to 1. Techniques appear in
/// order of first appearance across models; a technique a model lacks leaves its slot empty.
enum AccuracyFigure {
    enum Arrangement: Sendable, Equatable {
        /// One panel per model, `columns` panels wide, techniques on x.
        case panelPerModel(columns: Int)
        /// One panel, techniques on x, one coloured bar per model in each group, models in the legend.
        case groupedBars
    }

    static func make(_ models: [ModelAccuracy], arrangement: Arrangement = .panelPerModel(columns: 3),
                     title: String? = nil, yLabel: String = "accuracy") -> Figure {
        let techniques = firstAppearances(models.flatMap { $0.techniques.map(\.technique) })
        let xAxis = FigureAxis(label: "prompting technique", categories: techniques)
        let yAxis = FigureAxis(label: yLabel, fixedRange: 0...1)
        switch arrangement {
        case .panelPerModel(let columns):
            let panels = models.map { model in
                FigurePanel(title: model.model, xAxis: xAxis, yAxis: yAxis,
                            layers: [.bars(bars(model, techniques: techniques, color: OkabeIto.blue, label: nil))])
            }
            return Figure(title: title, panels: panels, columns: max(1, min(columns, models.count)), legend: .hidden)
        case .groupedBars:
            let layers = models.enumerated().map { index, model in
                FigureLayer.bars(bars(model, techniques: techniques, color: OkabeIto.color(index), label: model.model))
            }
            let panel = FigurePanel(title: title ?? "accuracy by technique", xAxis: xAxis, yAxis: yAxis, layers: layers)
            var figure = Figure(title: nil, panels: [panel], columns: 1, legend: .belowFigure)
            // Room for every bar: about 26 px per bar plus gaps between groups.
            let barCount = Double(techniques.count * max(1, models.count))
            figure.layout.plotWidth = max(figure.layout.plotWidth, barCount * 26 + Double(techniques.count) * 12)
            return figure
        }
    }

    private static func bars(_ model: ModelAccuracy, techniques: [String], color: FigureColor, label: String?) -> BarsLayer {
        let byTechnique = Dictionary(model.techniques.map { ($0.technique, $0) }, uniquingKeysWith: { first, _ in first })
        return BarsLayer(values: techniques.map { byTechnique[$0]?.accuracy ?? .nan },
                         errorLower: techniques.map { byTechnique[$0]?.lower ?? .nan },
                         errorUpper: techniques.map { byTechnique[$0]?.upper ?? .nan },
                         color: color, label: label)
    }
}
