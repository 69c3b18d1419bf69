import Foundation
import NucleusTestSupport
import Testing
@testable import Cooccurrence

/// The counts over the fixture corpus equal those of the independent Python counter
/// (`scripts/fixtures/cooccur_reference.py`, its output committed in `Fixtures/expected`).
@Suite struct CooccurrenceReferenceTests {
    static let fixtures = TestPaths.fixtures(besides: #filePath)
    static let windows = [0, 1, 2, 3, 5, 10, 250]

    static var files: [CorpusFile] {
        [CorpusFile(path: fixtures.appendingPathComponent("corpus.jsonl").path, format: .jsonl, field: "text"),
         CorpusFile(path: fixtures.appendingPathComponent("corpus.csv").path, format: .csv, field: "body")]
    }

    static func terms() throws -> TermList {
        try TermList.load(path: fixtures.appendingPathComponent("terms.yaml").path)
    }

    static func expected(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent("expected/\(name)"), encoding: .utf8)
    }

    @Test(arguments: [(threads: 1, chunkDocuments: 4096), (threads: 3, chunkDocuments: 1), (threads: 2, chunkDocuments: 3)])
    func tablesEqualTheReference(threads: Int, chunkDocuments: Int) throws {
        let terms = try Self.terms()
        let tally = try CooccurrenceCount(files: Self.files, terms: terms, windows: [250, 0, 5, 1, 10, 3, 2, 3],
                                          threads: threads, chunkDocuments: chunkDocuments).run()
        #expect(tally.windows == Self.windows)
        // 11 JSON lines (and a blank one) and 6 CSV records.
        #expect(tally.documents == 17)
        let tables = CountsTables(terms: terms, tally: tally)
        let names = Self.windows.map { CountsTables.wideName(window: $0) } + ["counts_long.csv", "occurrences.csv"]
        #expect(tables.files.map(\.name) == names)
        for file in tables.files {
            #expect(file.text == (try Self.expected(file.name)), "\(file.name)")
        }
    }

    @Test func writesTheTablesIntoTheFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cooccur-\(UUID().uuidString)/out")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let terms = try Self.terms()
        let tally = try CooccurrenceCount(files: Self.files, terms: terms, windows: [3], threads: 2).run()
        let paths = try CountsTables(terms: terms, tally: tally).write(to: folder.path)
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["counts_w3.csv", "counts_long.csv", "occurrences.csv"])
        #expect(try String(contentsOfFile: paths[0], encoding: .utf8) == (try Self.expected("counts_w3.csv")))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["counts_long.csv", "counts_w3.csv", "occurrences.csv"])
    }
}
