import Foundation
import Testing
@testable import Reduce

/// Two models × two datasets, m2 × xsum missing; m1 × xsum without a fit.
func exampleEntropyCosineData() -> [EntropyCosinePanelData] {
    let fit = EntropyCosineFit(a: 0.18, b: 0.55, c: 0.12, rSquared: 0.9123)
    func bins(_ scale: Double) -> [EntropyCosineBin] {
        (0..<50).map { index in
            let entropy = 0.05 + Double(index) * 0.12
            let median = index == 20 ? .nan : fit.value(at: entropy) * scale + 0.01 * sin(Double(index))
            return EntropyCosineBin(entropy: entropy, median: median, lowerQuartile: median - 0.05, upperQuartile: median + 0.06)
        }
    }
    return [
        EntropyCosinePanelData(model: "SmolLM2-135M", dataset: "gsm8k", bins: bins(1), fit: fit),
        EntropyCosinePanelData(model: "SmolLM2-135M", dataset: "xsum", bins: bins(0.9), fit: nil),
        EntropyCosinePanelData(model: "Qwen2.5-0.5B", dataset: "gsm8k", bins: bins(1.1),
                               fit: EntropyCosineFit(a: 0.2, b: 0.5, c: 0.13, rSquared: 0.87)),
    ]
}

func exampleAccuracies() -> [ModelAccuracy] {
    [
        ModelAccuracy(model: "SmolLM2-135M", techniques: [
            TechniqueAccuracy(technique: "baseline", accuracy: 0.12, lower: 0.09, upper: 0.16),
            TechniqueAccuracy(technique: "chain-of-thought", accuracy: 0.21, lower: 0.17, upper: 0.26),
            TechniqueAccuracy(technique: "chain-of-draft", accuracy: 0.18, lower: 0.14, upper: 0.23),
        ]),
        ModelAccuracy(model: "Qwen2.5-0.5B", techniques: [
            TechniqueAccuracy(technique: "baseline", accuracy: 0.31, lower: 0.27, upper: 0.36),
            TechniqueAccuracy(technique: "chain-of-thought", accuracy: 0.45, lower: 0.40, upper: 0.50),
        ]),
    ]
}

@Test func entropyCosineGridHasOnePanelPerModelAndDataset() throws {
    let figure = EntropyCosineFigure.make(exampleEntropyCosineData(), title: "technique: cot")
    #expect(figure.columns == 2 && figure.panels.count == 4 && figure.legend == .belowEachPanel)
    let parsed = try parseSVG(FigureRenderer.svg(figure))
    #expect(parsed.texts(className: "panel-title")
        == ["SmolLM2-135M · gsm8k", "SmolLM2-135M · xsum", "Qwen2.5-0.5B · gsm8k", "Qwen2.5-0.5B · xsum"])
    #expect(parsed.texts(className: "empty-note") == ["no data"])
    // Medians break at the NaN bin (two runs each in three panels) plus one fit curve in two panels.
    let lines = parsed.all("polyline", className: "line")
    #expect(lines.count == 3 * 2 + 2)
    #expect(parsed.all("polygon", className: "band").count == 3 * 2)
    #expect(parsed.all("circle", className: "point").count == 3 * 49)
    #expect(parsed.texts().filter { $0.hasPrefix("fit: ") }
        == ["fit: a·H·e^(−bH)+c, R² = 0.912", "fit: a·H·e^(−bH)+c, R² = 0.870"])
    #expect(parsed.texts().filter { $0 == "median" }.count == 3)
    #expect(parsed.texts().filter { $0 == "25–75%" }.count == 3)
    // Legend order: median, spread, fit (the band is drawn first, under the line).
    let legendOrder = parsed.texts().filter { $0 == "median" || $0 == "25–75%" || $0.hasPrefix("fit") }
    #expect(Array(legendOrder.prefix(3)) == ["median", "25–75%", "fit: a·H·e^(−bH)+c, R² = 0.912"])
}

@Test func fitCurveIsSampledOverTheBinRange() throws {
    let fit = EntropyCosineFit(a: 0.5, b: 1, c: 0.1, rSquared: 0.5)
    let bins = [(0.5, 0.3), (1.0, 0.28), (4.0, 0.15)].map {
        EntropyCosineBin(entropy: $0.0, median: $0.1, lowerQuartile: $0.1 - 0.02, upperQuartile: $0.1 + 0.02)
    }
    let figure = EntropyCosineFigure.make([EntropyCosinePanelData(model: "m", dataset: "d", bins: bins, fit: fit)],
                                          fitSamples: 50)
    guard case .line(let curve) = try #require(figure.panels.first?.layers.last) else {
        Issue.record("the last layer should be the fitted curve")
        return
    }
    #expect(curve.x.count == 50 && curve.x.first == 0.5 && curve.x.last == 4.0)
    #expect(abs(curve.y[0] - (0.5 * 0.5 * exp(-0.5) + 0.1)) < 1e-15)
    #expect(curve.label == "fit: a·H·e^(−bH)+c, R² = 0.500")
    // A fit with a non-finite parameter draws nothing.
    let broken = EntropyCosineFit(a: .nan, b: 1, c: 0, rSquared: .nan)
    let without = EntropyCosineFigure.make([EntropyCosinePanelData(model: "m", dataset: "d", bins: bins, fit: broken)])
    #expect(without.panels[0].layers.count == 3)
    #expect(EntropyCosineFigure.fitLabel(broken) == "fit: a·H·e^(−bH)+c, R² = n/a")
}

@Test func accuracyPanelsPerModelDrawBarsWithErrorBars() throws {
    let figure = AccuracyFigure.make(exampleAccuracies(), arrangement: .panelPerModel(columns: 3))
    #expect(figure.columns == 2)
    let parsed = try parseSVG(FigureRenderer.svg(figure))
    let bars = parsed.all("rect", className: "bar")
    #expect(bars.count == 5)
    #expect(parsed.all("path", className: "error-bar").count == 5)
    // y runs 0…1 over the 180-pixel plot: a bar of 0.12 is 21.6 px high, standing on the bottom edge.
    let plot = try #require(parsed.all("rect", className: "plot-area").first)
    let bottom = try #require(plot.number("y")) + 180
    #expect(abs(try #require(bars[0].number("height")) - 21.6) < 0.006)
    #expect(abs(try #require(bars[0].number("y")) + 21.6 - bottom) < 0.006)
    // Its error bar runs from 0.09 to 0.16.
    let path = try #require(parsed.all("path", className: "error-bar").first?.attributes["d"])
    let numbers = path.split(whereSeparator: { "MVH ".contains($0) }).compactMap { Double($0) }
    #expect(abs(numbers[1] - (bottom - 0.09 * 180)) < 0.006 && abs(numbers[2] - (bottom - 0.16 * 180)) < 0.006)
    #expect(parsed.texts().filter { $0 == "1.0" }.count == 2)
    // Qwen has no chain-of-draft result: its slot says so rather than showing a zero-height bar.
    #expect(parsed.texts(className: "bar-missing") == ["n/a"])
}

@Test func groupedAccuracyBarsShareOnePanelWithAModelLegend() throws {
    let figure = AccuracyFigure.make(exampleAccuracies(), arrangement: .groupedBars, title: "GSM8K")
    #expect(figure.panels.count == 1)
    let parsed = try parseSVG(FigureRenderer.svg(figure))
    let bars = parsed.all("rect", className: "bar")
    #expect(bars.count == 5)
    #expect(Set(bars.compactMap { $0.attributes["fill"] }) == [OkabeIto.blue.hex, OkabeIto.vermillion.hex])
    #expect(parsed.texts().contains("SmolLM2-135M") && parsed.texts().contains("Qwen2.5-0.5B"))
    // Within the baseline group the first model's bar stands left of the second's.
    let (first, second) = (try #require(bars[0].number("x")), try #require(bars[3].number("x")))
    #expect(first < second)
}
