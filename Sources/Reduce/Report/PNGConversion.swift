import Foundation

/// What became of a PNG copy of an SVG figure.
enum PNGConversionOutcome: Sendable, Equatable {
    case converted(URL)
    /// No converter on this machine (not an error: PNG copies are optional).
    case skipped(reason: String)
    /// The converter ran and failed; the reason carries its exit status and stderr.
    case failed(reason: String)
}

/// PNG copies of SVG figures through librsvg's `rsvg-convert`, when it is installed.
struct PNGConversion: Sendable {
    static let toolName = "rsvg-convert"

    /// The converter, or nil when no `rsvg-convert` is on the search path.
    let tool: URL?
    /// Pixels per SVG pixel; 2 gives 192 dpi, sharp enough for slides and drafts.
    var zoom = 2.0

    /// Looks `rsvg-convert` up on `PATH` of `environment`.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        tool = PNGConversion.find(PNGConversion.toolName, searchPath: environment["PATH"] ?? "")
    }

    init(tool: URL?) { self.tool = tool }

    /// Writes `name.png` beside `svg` (replacing an older one). Never throws: a missing tool is
    /// `.skipped`, a run that fails is `.failed` with the tool's stderr.
    func convert(_ svg: URL) -> PNGConversionOutcome {
        guard let tool else { return .skipped(reason: "\(PNGConversion.toolName) not found on PATH") }
        let png = svg.deletingPathExtension().appendingPathExtension("png")
        let process = Process()
        process.executableURL = tool
        process.arguments = ["--format", "png", "--zoom", String(format: "%.3g", zoom), "--output", png.path, svg.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failed(reason: "\(svg.path): cannot start \(tool.path): \(error.localizedDescription)")
        }
        // Read before waiting: a full pipe would block the child.
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message = String(decoding: stderr, as: UTF8.self)
                .split(whereSeparator: \.isNewline).joined(separator: "; ")
            try? FileManager.default.removeItem(at: png)
            return .failed(reason: "\(svg.path): \(PNGConversion.toolName) exited with status \(process.terminationStatus): \(message)")
        }
        return .converted(png)
    }

    static func find(_ name: String, searchPath: String) -> URL? {
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
