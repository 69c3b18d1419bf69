import Foundation

/// The nucleus cosines of the tokens whose entropy falls in one bin, summarised.
struct EntropyCosineBin: Sendable, Equatable {
    /// Bin centre (nats).
    var entropy: Double
    var median: Double
    var lowerQuartile: Double
    var upperQuartile: Double
}

/// A fit of f(H) = a·H·e^(−bH) + c to the binned medians.
struct EntropyCosineFit: Sendable, Equatable {
    var a: Double
    var b: Double
    var c: Double
    var rSquared: Double

    func value(at entropy: Double) -> Double { a * entropy * exp(-b * entropy) + c }
}

/// One panel's data: a (model, dataset) pair, its bins and its fit (nil when the fit failed).
struct EntropyCosinePanelData: Sendable {
    var model: String
    var dataset: String
    var bins: [EntropyCosineBin]
    var fit: EntropyCosineFit?
}

/// The entropy–cosine grid: one panel per (model, dataset), models as rows and datasets as
/// columns in order of first appearance; a pair without data gets a "no data" panel.
enum EntropyCosineFigure {
    static let medianColor = OkabeIto.blue
    static let fitColor = OkabeIto.vermillion

    static func make(_ data: [EntropyCosinePanelData], title: String? = nil, sharesXRange: Bool = true,
                     sharesYRange: Bool = true, fitSamples: Int = 200) -> Figure {
        let models = firstAppearances(data.map(\.model))
        let datasets = firstAppearances(data.map(\.dataset))
        var panels: [FigurePanel] = []
        for model in models {
            for dataset in datasets {
                let entry = data.first { $0.model == model && $0.dataset == dataset }
                panels.append(panel(model: model, dataset: dataset, bins: entry?.bins ?? [], fit: entry?.fit, fitSamples: fitSamples))
            }
        }
        return Figure(title: title, panels: panels, columns: max(1, datasets.count),
                      sharesXRange: sharesXRange, sharesYRange: sharesYRange, legend: .belowEachPanel)
    }

    /// "fit: a·H·e^(−bH)+c, R² = 0.912" (R² to three decimals, `n/a` when undefined).
    static func fitLabel(_ fit: EntropyCosineFit) -> String {
        let rSquared = fit.rSquared.isFinite ? String(format: "%.3f", fit.rSquared) : "n/a"
        return "fit: a\u{B7}H\u{B7}e^(\u{2212}bH)+c, R\u{B2} = \(rSquared)"
    }

    private static func panel(model: String, dataset: String, bins: [EntropyCosineBin], fit: EntropyCosineFit?,
                              fitSamples: Int) -> FigurePanel {
        let entropy = bins.map(\.entropy)
        var layers: [FigureLayer] = [
            .band(BandLayer(x: entropy, lower: bins.map(\.lowerQuartile), upper: bins.map(\.upperQuartile),
                            color: medianColor, opacity: 0.22, label: "25\u{2013}75%", legendRank: 1)),
            .line(LineLayer(x: entropy, y: bins.map(\.median), color: medianColor, width: 1.5, label: "median")),
            .points(PointsLayer(x: entropy, y: bins.map(\.median), color: medianColor, radius: 2)),
        ]
        let finiteEntropy = zip(entropy, bins.map(\.median)).filter { $0.0.isFinite && $0.1.isFinite }.map(\.0)
        if let fit, [fit.a, fit.b, fit.c].allSatisfy(\.isFinite),
           let low = finiteEntropy.min(), let high = finiteEntropy.max(), fitSamples >= 2 {
            let xs = (0..<fitSamples).map { low + (high - low) * Double($0) / Double(fitSamples - 1) }
            layers.append(.line(LineLayer(x: xs, y: xs.map(fit.value), color: fitColor, width: 1.75,
                                          label: fitLabel(fit), legendRank: 2)))
        }
        if finiteEntropy.isEmpty { layers = [] }
        return FigurePanel(title: "\(model) \u{B7} \(dataset)",
                           xAxis: FigureAxis(label: "entropy H (nats)"),
                           yAxis: FigureAxis(label: "mean pairwise cosine"), layers: layers)
    }
}

/// Distinct values in order of first appearance.
func firstAppearances(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
