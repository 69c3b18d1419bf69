import Foundation
import Testing
@testable import Reduce

private let converter = PNGConversion()
private let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

@Test func missingConverterIsSkippedNotThrown() throws {
    #expect(PNGConversion.find("rsvg-convert", searchPath: "") == nil)
    #expect(PNGConversion(environment: ["PATH": "/nonexistent-folder"]).tool == nil)
    let outcome = PNGConversion(tool: nil).convert(URL(fileURLWithPath: "/tmp/figure.svg"))
    #expect(outcome == .skipped(reason: "rsvg-convert not found on PATH"))
}

@Test(.enabled(if: converter.tool != nil, "rsvg-convert is not on PATH: PNG conversion not exercised"))
func convertsFiguresToPNGBesideTheSVG() throws {
    let folder = try examplesFolder()
    defer { if ProcessInfo.processInfo.environment["NUCLEUS_FIGURE_EXAMPLES"] == nil { try? FileManager.default.removeItem(at: folder) } }
    let figures = [
        ("entropy_cosine", EntropyCosineFigure.make(exampleEntropyCosineData(), title: "Entropy vs nucleus cosine (chain-of-thought)")),
        ("accuracy", AccuracyFigure.make(exampleAccuracies(), title: "GSM8K accuracy (Wilson 95%)")),
        ("accuracy_grouped", AccuracyFigure.make(exampleAccuracies(), arrangement: .groupedBars, title: "GSM8K accuracy")),
        ("awkward_layout", awkwardLayoutFigure()),
    ]
    for (name, figure) in figures {
        let svg = folder.appendingPathComponent("\(name).svg")
        try Data(FigureRenderer.svg(figure).utf8).write(to: svg)
        let outcome = converter.convert(svg)
        #expect(outcome == .converted(folder.appendingPathComponent("\(name).png")))
        let bytes = try Data(contentsOf: folder.appendingPathComponent("\(name).png"))
        #expect(Array(bytes.prefix(8)) == pngSignature)
    }
}

@Test(.enabled(if: converter.tool != nil, "rsvg-convert is not on PATH: PNG conversion not exercised"))
func conversionFailureCarriesTheToolsMessage() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let svg = folder.appendingPathComponent("broken.svg")
    try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect".utf8).write(to: svg)
    guard case .failed(let reason) = converter.convert(svg) else {
        Issue.record("a truncated SVG should fail to convert")
        return
    }
    #expect(reason.hasPrefix("\(svg.path): rsvg-convert exited with status "))
    #expect(reason.count > "\(svg.path): rsvg-convert exited with status 1: ".count)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("broken.png").path))
}

/// A fresh temporary folder, or `$NUCLEUS_FIGURE_EXAMPLES` when set (to look at the example figures).
private func examplesFolder() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["NUCLEUS_FIGURE_EXAMPLES"] {
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
    return try makeTemporaryFolder()
}

/// Long names, negative and large values, a lone value and many categories: a layout stress case.
private func awkwardLayoutFigure() -> Figure {
    let long = "meta-llama/Llama-3.2-1B-Instruct-with-a-very-long-suffix · gsm8k-socratic"
    let categories = ["baseline", "chain-of-thought", "chain-of-draft", "least-to-most", "self-consistency", "x"]
    return Figure(title: "A long figure title with & < > characters that should stay on the canvas", panels: [
        FigurePanel(title: long, xAxis: FigureAxis(label: "tokens"), yAxis: FigureAxis(label: "count"),
                    layers: [.line(LineLayer(x: [0, 1e6, 2.5e6], y: [-1.2e6, 3e6, 1e7], color: OkabeIto.blue, label: "count"))]),
        FigurePanel(title: "negative", xAxis: FigureAxis(label: "Δ entropy"), yAxis: FigureAxis(label: "τ_b"),
                    layers: [.points(PointsLayer(x: [-3.2, -0.4], y: [-0.013, -0.087], color: OkabeIto.vermillion,
                                                 marker: .diamond, label: "diamonds"))]),
        FigurePanel(title: "one value", xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"),
                    layers: [.points(PointsLayer(x: [0.5], y: [0.5], color: OkabeIto.bluishGreen, label: "single"))]),
        FigurePanel(title: "many categories", xAxis: FigureAxis(label: "", categories: categories),
                    yAxis: FigureAxis(label: "accuracy", fixedRange: 0...1),
                    layers: [.bars(BarsLayer(values: [0, 0.5, 1, 0.2, .nan, 0.7], errorLower: [0, 0.4, 0.9, 0.1, .nan, 0.6],
                                             errorUpper: [0.05, 0.6, 1, 0.3, .nan, 0.8], color: OkabeIto.orange, label: "bars"))]),
    ], columns: 2)
}
