import Foundation
import Testing
@testable import NucleusCore

/// Foundation's file errors come out as the file and the POSIX cause, never "NSCocoaErrorDomain error 512".
@Suite struct SystemErrorTextTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("syserr-\(UUID().uuidString)")

    @Test func writingIntoAMissingFolderSaysNoSuchFile() throws {
        let target = folder.appendingPathComponent("missing/x.npy")
        let error = try #require(throws: (any Error).self) { try Data([1]).write(to: target) }
        #expect(SystemErrorText.reason(error) == "no such file or directory")
        #expect(SystemErrorText.fileError(error) == "\(target.path): no such file or directory")
    }

    @Test func creatingAFolderBelowAFileSaysNotADirectory() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        let error = try #require(throws: (any Error).self) {
            try FileManager.default.createDirectory(at: file.appendingPathComponent("units"), withIntermediateDirectories: true)
        }
        let text = SystemErrorText.reason(error)
        #expect(text == "not a directory (\(file.path) is a file)")
        #expect(!text.contains("512") && !text.contains("Domain"))
    }

    @Test func otherErrorsKeepTheirOwnText() {
        #expect(SystemErrorText.reason(FileHashError(path: "/a", reason: "b")) == "/a: b")
        #expect(SystemErrorText.fileError(FileHashError(path: "/a", reason: "b")) == nil)
    }
}
