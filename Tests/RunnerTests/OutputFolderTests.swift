import Foundation
import Testing
@testable import Runner

/// A results folder that is a file is refused by name before anything runs (it used to surface
/// as "NSCocoaErrorDomain error 512" from the first folder creation).
@Suite struct OutputFolderTests {
    @Test func aFileAsResultsFolderIsRefusedNamingTheOption() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = #expect(throws: RunnerError.self) { try JobRun.checkOutputFolder(file.path, named: "job.yaml: output") }
        #expect(error?.description == "job.yaml: output: \(file.path) is a file; the results folder must be a folder (it is created when missing)")
    }

    @Test func aMissingOrExistingFolderIsFine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        try JobRun.checkOutputFolder(folder.path, named: "--output")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try JobRun.checkOutputFolder(folder.path, named: "--output")
    }
}
