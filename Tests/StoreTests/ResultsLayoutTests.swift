import Foundation
import NucleusCore
import Testing
@testable import Store

@Suite struct ResultsLayoutTests {
    @Test func pathsFollowTheDesignLayout() {
        let layout = ResultsLayout(root: URL(fileURLWithPath: "/results/job"))
        let cell = CellKey(model: "smollm2", dataset: "gsm8k", technique: "cot", sample: 0)
        let url = layout.unitFileURL(cell: cell, unitID: "u-3f9a2c", attempt: 2)
        #expect(url.path == "/results/job/units/smollm2__gsm8k__cot__s0/u-3f9a2c.attempt-2.h5")
        #expect(layout.journalURL.path == "/results/job/journal.tsv")
        #expect(layout.reportDirectory.path == "/results/job/report")
        #expect(layout.relativePath(of: url) == "units/smollm2__gsm8k__cot__s0/u-3f9a2c.attempt-2.h5")
    }

    @Test(arguments: [
        ("u-3f9a2c.attempt-1.h5", UnitFileName(unitID: "u-3f9a2c", attempt: 1)),
        ("a.b.attempt-12.h5", UnitFileName(unitID: "a.b", attempt: 12)),
        ("u.attempt-1.h5.tmp-123-ff", nil),
        ("u.attempt-x.h5", nil),
        (".attempt-1.h5", nil),
        ("u.attempt-1.hdf5", nil),
        ("notes.txt", nil),
    ])
    func unitFileNamesParse(fileName: String, expected: UnitFileName?) {
        #expect(UnitFileName(fileName: fileName) == expected)
    }

    @Test func scanSortsFilesIntoCompleteUnusableTemporaryAndOther() throws {
        let folder = try TemporaryFolder()
        let layout = ResultsLayout(root: folder.url)
        try layout.createDirectories()
        let writer = UnitFileWriter()
        let good = layout.unitFileURL(cellDirectory: "m__d__t__s0", unitID: "u-3f9a2c", attempt: 1)
        try writer.write(SampleRecords.realistic(), to: good)

        let incomplete = layout.unitFileURL(cellDirectory: "m__d__t__s0", unitID: "u-3f9a2c", attempt: 2)
        var second = SampleRecords.realistic()
        second.header.attempt = 2
        try writer.write(second, to: incomplete)
        let file = try HDF5File.open(incomplete.path, writable: true)
        try file.setAttribute("complete", Int64(0))
        try file.close()
        try UnitFileSeal.seal(path: incomplete.path)

        let misnamed = layout.unitFileURL(cellDirectory: "m__d__t__s1", unitID: "u-other", attempt: 1)
        try writer.write(SampleRecords.realistic(), to: misnamed)
        let garbage = layout.unitFileURL(cellDirectory: "m__d__t__s1", unitID: "u-garbage", attempt: 1)
        try Data("not hdf5".utf8).write(to: garbage)
        let leftover = URL(fileURLWithPath: good.path + ".tmp-999-abc")
        try Data().write(to: leftover)
        let foreign = layout.unitsDirectory.appendingPathComponent("README")
        try Data().write(to: foreign)

        let scan = try layout.scan()
        #expect(scan.complete.map(\.url) == [good])
        #expect(scan.complete.first?.cellDirectory == "m__d__t__s0")
        #expect(scan.complete.first?.name == UnitFileName(unitID: "u-3f9a2c", attempt: 1))
        #expect(scan.unusable.map(\.location.url) == [incomplete, garbage, misnamed])
        #expect(scan.unusable.map(\.error.kind) == [.incomplete, .notHDF5, .inconsistent])
        #expect(scan.unusable[2].error.problem
                == "file name says unit u-other attempt 1 but the file holds unit u-3f9a2c attempt 1")
        #expect(scan.temporaryFiles == [leftover])
        #expect(scan.otherFiles == [foreign])
    }

    @Test func folderWithoutUnitsScansEmpty() throws {
        let folder = try TemporaryFolder()
        #expect(try ResultsLayout(root: folder.url).scan() == ResultsScan())
    }
}
