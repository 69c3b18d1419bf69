import Foundation
import Testing
@testable import Store

struct InjectedFailure: Error, Equatable {}

/// A failed write leaves nothing behind: no file at the final path and no temporary file.
@Suite struct UnitFileAtomicityTests {
    @Test(arguments: [UnitFileWriter.Stage.afterHeader, .afterPrompts, .afterTokens, .beforePublish])
    func failureMidWriteLeavesNothing(stage: UnitFileWriter.Stage) throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        var writer = UnitFileWriter()
        writer.faultInjector = { if $0 == stage { throw InjectedFailure() } }

        #expect(throws: InjectedFailure.self) { try writer.write(SampleRecords.realistic(), to: url) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(try folder.contents() == [])
    }

    @Test func inconsistentRecordIsRejectedBeforeAnyFileExists() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        var record = SampleRecords.realistic()
        record.tokens.entropy.removeLast()

        let error = try #require(throws: StoreError.self) { try UnitFileWriter().write(record, to: url) }
        #expect(error.kind == .invalidRecord)
        #expect(error.description == "\(url.path): token column entropy has 6 values but the prompts generated 7 tokens")
        #expect(try folder.contents() == [])
    }

    @Test func existingFileIsNeverReplaced() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        var second = SampleRecords.zeroPrompts()
        second.header.unitID = "other"

        let error = try #require(throws: StoreError.self) { try UnitFileWriter().write(second, to: url) }
        #expect(error.kind == .alreadyExists)
        #expect(try UnitFileReader.read(url) == SampleRecords.realistic())
        #expect(try folder.contents() == ["u.attempt-1.h5"])
    }

    @Test func temporaryNamesAreUniqueAndMarked() {
        let names = Set((0..<50).map { _ in UnitFileWriter.temporaryPath(for: "/r/u.attempt-1.h5") })
        #expect(names.count == 50)
        #expect(names.allSatisfy { $0.hasPrefix("/r/u.attempt-1.h5.tmp-\(getpid())-") })
    }
}
