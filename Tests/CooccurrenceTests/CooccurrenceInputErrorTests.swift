import Foundation
import Testing
@testable import Cooccurrence

/// Bad terms files and corpora stop with one error naming the file and line.
@Suite final class CooccurrenceInputErrorTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cooccur-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let terms = TermList(candidates: [Term(name: "a", forms: [["a"]])], groups: [Term(name: "b", forms: [["b"]])])

    @Test(arguments: [
        ("candidates: [a]\n", 1, "missing key 'groups'"),
        ("candidates: [a]\ngroups: []\n", 2, "groups: expected a non-empty list"),
        ("candidates: [a, b]\ngroups:\n  - name: g\n    forms: [x, '--']\n", 4, "groups[0].forms[1]: '--' has no words (letters, digits or apostrophes) to match"),
        ("candidates: [a]\ngroups:\n  - name: g\n    form: [x]\n", 4, "groups[0]: unknown key 'form' (expected one of: name, forms)"),
        ("candidates:\n  - a\n  - name: a\ngroups: [g]\n", 3, "candidates[1]: duplicate name 'a'"),
        ("candidates: [a]\ngroups:\n  - forms: [x]\n", 3, "groups[0]: missing key 'name'"),
        ("candidates: [a]\ngroups: [g]\nwindows: [1]\n", 3, "unknown key 'windows' (expected one of: candidates, groups)"),
        ("candidates: [a\ngroups: [g]\n", 2, nil),
    ] as [(String, Int, String?)])
    func badTermsFile(text: String, line: Int, message: String?) throws {
        let path = try write("terms.yaml", text)
        do {
            _ = try TermList.load(path: path)
            Issue.record("no error for \(text.debugDescription)")
        } catch let error as CooccurrenceError {
            #expect(error.file == path)
            #expect(error.line == line)
            if let message { #expect(error.message == message) } else { #expect(error.message.hasPrefix("invalid YAML")) }
        }
    }

    @Test func termsFileShorthandAndForms() throws {
        let path = try write("terms.yaml", "candidates:\n  - Heart Disease\n  - {name: flu, forms: [flu, 'Influenza A']}\ngroups: [Women]\n")
        let terms = try TermList.load(path: path)
        #expect(terms.candidates == [Term(name: "Heart Disease", forms: [["heart", "disease"]]),
                                     Term(name: "flu", forms: [["flu"], ["influenza", "a"]])])
        #expect(terms.groups == [Term(name: "Women", forms: [["women"]])])
    }

    @Test(arguments: [
        ("c.jsonl", CorpusFile.Format.jsonl, "{\"text\": \"a b\"}\n\n{\"text\": \"a\"\n", 3, "invalid JSON"),
        ("c.jsonl", .jsonl, "{\"text\": \"a b\"}\n[1, 2]\n", 2, "expected a JSON object on this line"),
        ("c.jsonl", .jsonl, "{\"text\": \"a b\"}\n{\"body\": \"a\", \"id\": 3}\n", 2, "missing field 'text' (has: body, id)"),
        ("c.jsonl", .jsonl, "{\"text\": null}\n", 1, "field 'text' is null"),
        ("c.jsonl", .jsonl, "{\"text\": 12}\n", 1, "field 'text' is not text"),
        ("c.csv", .csv, "id,text\n1,a\n2,\"b\nc\",x\n", 3, "expected 2 fields as in the header, got 3"),
        ("c.csv", .csv, "id,text\n1,a\n2,\"open\n", 3, "quoted field is never closed"),
        ("c.csv", .csv, "id,text\n1,\"a\"b\n", 2, "unexpected text after a closing quote"),
        ("c.csv", .csv, "id,body\n1,a\n", 1, "missing column 'text' (has: body, id)"),
        ("c.csv", .csv, "text,text\n1,a\n", 1, "duplicate column 'text' in the header"),
    ])
    func badCorpus(name: String, format: CorpusFile.Format, text: String, line: Int, message: String) throws {
        let path = try write(name, text)
        let count = CooccurrenceCount(files: [CorpusFile(path: path, format: format, field: "text")],
                                      terms: Self.terms, windows: [1], threads: 2, chunkDocuments: 1)
        #expect(throws: CooccurrenceError(file: path, line: line, message: message)) { try count.run() }
    }

    @Test func theFirstBadLineIsReportedWhateverTheThreads() throws {
        let lines = (1...40).map { $0 == 17 || $0 == 33 ? "{oops" : "{\"text\": \"a b\"}" }
        let path = try write("c.jsonl", lines.joined(separator: "\n"))
        for threads in [1, 4] {
            let count = CooccurrenceCount(files: [CorpusFile(path: path, format: .jsonl, field: "text")],
                                          terms: Self.terms, windows: [1], threads: threads, chunkDocuments: 2)
            #expect(throws: CooccurrenceError(file: path, line: 17, message: "invalid JSON")) { try count.run() }
        }
    }

    @Test func missingCorpusFile() {
        let path = folder.appendingPathComponent("absent.jsonl").path
        let count = CooccurrenceCount(files: [CorpusFile(path: path, format: .jsonl, field: "text")],
                                      terms: Self.terms, windows: [1], threads: 1)
        #expect(throws: CooccurrenceError(file: path, message: "no such file")) { try count.run() }
    }

    @Test func csvRecordsDoNotDependOnHowTheBytesArrive() throws {
        let text = "\u{FEFF}h,t\r\n\r\n1,\"a, \"\"b\"\"\r\nc\"\r2,plain\n3,x\"y\n4,\"\""
        var whole = CSVRecordScanner(file: "f"), pieces = CSVRecordScanner(file: "f")
        var wholeRecords: [CSVRecordScanner.Record] = [], pieceRecords: [CSVRecordScanner.Record] = []
        let bytes = Array(text.utf8.dropFirst(3))
        try whole.feed(bytes, into: &wholeRecords)
        try whole.finish(into: &wholeRecords)
        for byte in bytes { try pieces.feed([byte], into: &pieceRecords) }
        try pieces.finish(into: &pieceRecords)
        #expect(wholeRecords == pieceRecords)
        #expect(wholeRecords == [
            .init(line: 1, fields: ["h", "t"]),
            .init(line: 3, fields: ["1", "a, \"b\"\r\nc"]),
            .init(line: 5, fields: ["2", "plain"]),
            .init(line: 6, fields: ["3", "x\"y"]),
            .init(line: 7, fields: ["4", ""]),
        ])
    }
}
