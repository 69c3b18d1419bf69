import Foundation
import NucleusCore

/// The name of a unit file, `<unit_id>.attempt-<K>.h5`.
public struct UnitFileName: Sendable, Hashable {
    public var unitID: String
    public var attempt: Int

    public init(unitID: String, attempt: Int) {
        self.unitID = unitID
        self.attempt = attempt
    }

    /// Parses a file name; nil for anything else (including temporary files).
    public init?(fileName: String) {
        guard fileName.hasSuffix(".h5"), !fileName.contains(UnitFileWriter.temporaryMarker),
              let marker = fileName.range(of: ".attempt-", options: .backwards) else { return nil }
        let unitID = String(fileName[..<marker.lowerBound])
        guard !unitID.isEmpty, let attempt = Int(fileName[marker.upperBound...].dropLast(3)), attempt >= 0 else { return nil }
        self.init(unitID: unitID, attempt: attempt)
    }

    public var fileName: String { "\(unitID).attempt-\(attempt).h5" }
}

/// Where everything lives in a results folder (DESIGN §1):
/// `units/<cell directory>/<unit_id>.attempt-<K>.h5`, `journal.tsv`, `report/`.
public struct ResultsLayout: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var unitsDirectory: URL { root.appendingPathComponent("units", isDirectory: true) }
    public var journalURL: URL { root.appendingPathComponent("journal.tsv") }
    public var reportDirectory: URL { root.appendingPathComponent("report", isDirectory: true) }
    public var journal: Journal { Journal(url: journalURL) }

    public func cellDirectory(_ cell: CellKey) -> URL {
        unitsDirectory.appendingPathComponent(cell.directoryName, isDirectory: true)
    }

    public func unitFileURL(cell: CellKey, unitID: String, attempt: Int) -> URL {
        unitFileURL(cellDirectory: cell.directoryName, unitID: unitID, attempt: attempt)
    }

    public func unitFileURL(cellDirectory: String, unitID: String, attempt: Int) -> URL {
        unitsDirectory.appendingPathComponent(cellDirectory, isDirectory: true)
            .appendingPathComponent(UnitFileName(unitID: unitID, attempt: attempt).fileName)
    }

    /// A path relative to the results folder, as the journal's `file` column records it, so the
    /// folder can be moved.
    public func relativePath(of url: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Creates `units/` and `report/` (and the root) if missing.
    public func createDirectories() throws {
        for folder in [unitsDirectory, reportDirectory] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.io, path: folder.path, "cannot create the folder: \(SystemErrorText.reason(error))")
            }
        }
    }
}
