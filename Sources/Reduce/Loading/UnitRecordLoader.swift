import Foundation
import Store

/// Where the reducer gets unit-attempt records from. Files are read one at a time, so a loader
/// need never hold a whole job in memory. The HDF5 reader plugs in as
/// `UnitFolderLoader(read: UnitFileReader.read)`; tests serve records from memory.
public protocol UnitRecordLoader: Sendable {
    /// The unit-attempt files of a results folder, in a stable order, plus what was passed over.
    func listUnitFiles(resultsFolder: URL) throws -> UnitFileListing
    /// Reads one file named by `listUnitFiles`.
    func read(_ file: URL) throws -> UnitRecord
    /// Reads only a file's root attributes (job hash, settings, cell), to check that the files
    /// belong together before any token is merged. Default: `read(file).header`.
    func readHeader(_ file: URL) throws -> UnitHeader
    /// The folder's `job.json` (the plan the units are checked against); nil when it has none.
    /// Default: read from disk.
    func readJobStamp(resultsFolder: URL) throws -> JobStamp?
}

extension UnitRecordLoader {
    public func readHeader(_ file: URL) throws -> UnitHeader { try read(file).header }

    public func readJobStamp(resultsFolder: URL) throws -> JobStamp? {
        try ResultsLayout(root: resultsFolder).readJobStamp()
    }
}

/// The files a loader found under `results/NAME/units/`.
public struct UnitFileListing: Sendable, Equatable {
    /// Unit-attempt files, `units/<cell>/<unit>.attempt-K.h5`, sorted by path.
    public var unitFiles: [URL]
    /// Other files under `units/<cell>/` (e.g. an in-progress `.tmp` write), reported, never read.
    public var ignoredFiles: [URL]

    public init(unitFiles: [URL], ignoredFiles: [URL] = []) {
        self.unitFiles = unitFiles
        self.ignoredFiles = ignoredFiles
    }
}

/// Lists `results/NAME/units/<cell>/<unit>.attempt-K.h5` on disk and reads each with a closure.
public struct UnitFolderLoader: UnitRecordLoader {
    private let readFile: @Sendable (URL) throws -> UnitRecord
    private let readFileHeader: (@Sendable (URL) throws -> UnitHeader)?

    /// - Parameters:
    ///   - read: reads one unit file (the Store target's HDF5 reader).
    ///   - readHeader: reads only its root attributes; nil reads the whole file for them.
    public init(read: @escaping @Sendable (URL) throws -> UnitRecord,
                readHeader: (@Sendable (URL) throws -> UnitHeader)? = nil) {
        self.readFile = read
        self.readFileHeader = readHeader
    }

    public func listUnitFiles(resultsFolder: URL) throws -> UnitFileListing {
        let unitsFolder = resultsFolder.appendingPathComponent("units", isDirectory: true)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: unitsFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReduceError.missingUnitsFolder(path: resultsFolder.path)
        }
        var listing = UnitFileListing(unitFiles: [])
        for cell in try contents(of: unitsFolder) {
            guard (try? cell.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true else {
                listing.ignoredFiles.append(cell)
                continue
            }
            for file in try contents(of: cell) {
                if Self.isUnitAttemptFileName(file.lastPathComponent) {
                    listing.unitFiles.append(file)
                } else {
                    listing.ignoredFiles.append(file)
                }
            }
        }
        return listing
    }

    public func read(_ file: URL) throws -> UnitRecord {
        try readFile(file)
    }

    public func readHeader(_ file: URL) throws -> UnitHeader {
        try readFileHeader?(file) ?? readFile(file).header
    }

    /// `<unit>.attempt-<K>.h5` with a non-empty unit id and a decimal K.
    static func isUnitAttemptFileName(_ name: String) -> Bool {
        guard name.hasSuffix(".h5"), let marker = name.range(of: ".attempt-", options: .backwards) else { return false }
        let attempt = name[marker.upperBound..<name.index(name.endIndex, offsetBy: -3)]
        return marker.lowerBound > name.startIndex && !attempt.isEmpty && attempt.allSatisfy(\.isASCIIDigit)
    }

    private func contents(of folder: URL) throws -> [URL] {
        do {
            return try FileManager.default
                .contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isDirectoryKey])
                .sorted { $0.path < $1.path }
        } catch {
            throw ReduceError.cannotListFolder(path: folder.path, reason: error.localizedDescription)
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
