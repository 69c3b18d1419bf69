import Foundation
import NucleusCore

/// A unit file found under `units/`.
public struct UnitFileLocation: Sendable, Hashable {
    public var url: URL
    public var cellDirectory: String
    public var name: UnitFileName
}

/// A unit file that exists but does not count as done, and why.
public struct UnusableUnitFile: Sendable, Equatable {
    public var location: UnitFileLocation
    public var error: StoreError
}

/// Everything under `units/`, sorted by path: nothing found there goes unreported.
public struct ResultsScan: Sendable, Equatable {
    /// Files that pass `UnitFileReader.verify` and whose header matches their name.
    public var complete: [UnitFileLocation] = []
    /// Unit-file names whose contents are incomplete, damaged, or disagree with the name.
    public var unusable: [UnusableUnitFile] = []
    /// `*.tmp-*` leftovers of writers that died. Delete them only when no writer is running:
    /// a live writer's temporary file looks the same.
    public var temporaryFiles: [URL] = []
    /// Anything else (foreign files, loose files directly in `units/`).
    public var otherFiles: [URL] = []
}

extension ResultsLayout {
    /// Lists and verifies the unit files. A results folder without `units/` scans as empty.
    public func scan() throws -> ResultsScan {
        var scan = ResultsScan()
        let manager = FileManager.default
        guard manager.fileExists(atPath: unitsDirectory.path) else { return scan }
        for cell in try sortedContents(unitsDirectory) {
            let cellURL = unitsDirectory.appendingPathComponent(cell)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: cellURL.path, isDirectory: &isFolder), isFolder.boolValue else {
                scan.otherFiles.append(cellURL)
                continue
            }
            for fileName in try sortedContents(cellURL) {
                let url = cellURL.appendingPathComponent(fileName)
                if fileName.contains(UnitFileWriter.temporaryMarker) {
                    scan.temporaryFiles.append(url)
                } else if let name = UnitFileName(fileName: fileName) {
                    let location = UnitFileLocation(url: url, cellDirectory: cell, name: name)
                    do {
                        try Self.verify(location)
                        scan.complete.append(location)
                    } catch let error as StoreError {
                        scan.unusable.append(UnusableUnitFile(location: location, error: error))
                    }
                } else {
                    scan.otherFiles.append(url)
                }
            }
        }
        return scan
    }

    private static func verify(_ location: UnitFileLocation) throws {
        let header = try UnitFileReader.verify(location.url, requireSeal: true).header
        guard header.unitID == location.name.unitID, header.attempt == location.name.attempt else {
            throw StoreError(.inconsistent, path: location.url.path,
                             "file name says unit \(location.name.unitID) attempt \(location.name.attempt) but the file holds unit \(header.unitID) attempt \(header.attempt)")
        }
    }

    private func sortedContents(_ folder: URL) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw StoreError(.io, path: folder.path, "cannot list the folder: \(SystemErrorText.reason(error))")
        }
    }
}
