import Foundation
import Testing
import Store
@testable import Reduce

@Test func unitAttemptFileNames() {
    #expect(UnitFolderLoader.isUnitAttemptFileName("3f2a9c.attempt-0.h5"))
    #expect(UnitFolderLoader.isUnitAttemptFileName("3f2a9c.attempt-12.h5"))
    #expect(!UnitFolderLoader.isUnitAttemptFileName("3f2a9c.attempt-0.h5.tmp"))
    #expect(!UnitFolderLoader.isUnitAttemptFileName("3f2a9c.attempt-.h5"))
    #expect(!UnitFolderLoader.isUnitAttemptFileName(".attempt-1.h5"))
    #expect(!UnitFolderLoader.isUnitAttemptFileName("3f2a9c.attempt-x.h5"))
    #expect(!UnitFolderLoader.isUnitAttemptFileName("notes.txt"))
}

@Test func folderLoaderListsUnitFilesAndReadsThemThroughTheClosure() throws {
    let results = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: results) }
    let manager = FileManager.default
    let cellA = results.appendingPathComponent("units/m1__gsm8k__cot__s0")
    let cellB = results.appendingPathComponent("units/m1__xsum__cot__s0")
    try manager.createDirectory(at: cellA, withIntermediateDirectories: true)
    try manager.createDirectory(at: cellB, withIntermediateDirectories: true)
    for path in ["units/m1__gsm8k__cot__s0/u1.attempt-0.h5", "units/m1__gsm8k__cot__s0/u1.attempt-1.h5",
                 "units/m1__xsum__cot__s0/u2.attempt-0.h5", "units/m1__xsum__cot__s0/u3.attempt-0.h5.tmp",
                 "units/stray.txt"] {
        try Data().write(to: results.appendingPathComponent(path))
    }
    // Stands in for the HDF5 reader: the record depends on the file name.
    let loader = UnitFolderLoader { url in
        let name = url.lastPathComponent
        let unit = String(name.prefix(2))
        let attempt = name.contains("attempt-1") ? 1 : 0
        let dataset = url.deletingLastPathComponent().lastPathComponent.contains("xsum") ? "xsum" : "gsm8k"
        return makeRecord(unit: unit, attempt: attempt, dataset: dataset, prompts: [
            PromptColumns(row: 0, entropy: [1, 2, 3], cosine: [0.1, 0.3, Double(attempt)]),
        ])
    }
    let listing = try loader.listUnitFiles(resultsFolder: results)
    let relative = { (urls: [URL]) in urls.map { $0.path.replacingOccurrences(of: results.path + "/", with: "") } }
    #expect(relative(listing.unitFiles) == ["units/m1__gsm8k__cot__s0/u1.attempt-0.h5",
                                            "units/m1__gsm8k__cot__s0/u1.attempt-1.h5",
                                            "units/m1__xsum__cot__s0/u2.attempt-0.h5"])
    #expect(relative(listing.ignoredFiles).sorted() == ["units/m1__xsum__cot__s0/u3.attempt-0.h5.tmp", "units/stray.txt"])

    let summary = try #require(try Reducer(resultsFolder: results, loader: loader).run().groups.first)
    #expect(summary.unitFilesRead == 3)
    #expect(summary.promptsReplaced == 1)
    #expect(summary.correlations.map(\.key.dataset) == ["gsm8k", "xsum"])
    #expect(summary.correlations.first?.meanCosine == (0.1 + 0.3 + 1) / 3)
    #expect(manager.fileExists(atPath: results.appendingPathComponent("report/summary.md").path))
}

@Test func folderWithoutUnitsIsRejected() throws {
    let results = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: results) }
    let loader = UnitFolderLoader { _ in throw ReduceError.noUnitFiles(path: "unused") }
    #expect(throws: ReduceError.missingUnitsFolder(path: results.path)) {
        try Reducer(resultsFolder: results, loader: loader).run()
    }
}
