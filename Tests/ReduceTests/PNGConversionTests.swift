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
