import Foundation
import NucleusTestSupport
import Testing
@testable import NucleusCore
@testable import Prompts

@Suite final class CSVReaderTests {
    let folder: TempFolder

    init() throws { folder = try TempFolder() }
    deinit { folder.remove() }

    @Test func quotingMultiLineFieldsCRLFAndBOM() throws {
        let text = "q,a\r\n\"one, two\",\"say \"\"hi\"\"\"\r\n\r\n\"line 1\nline 2\",plain\r\nlast,\"\"\r\n"
        let path = try folder.write("t.csv", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let rows = try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: "a")
        #expect(rows.map(\.prompt) == ["one, two", "line 1\nline 2", "last"])
        #expect(rows.map(\.reference) == ["say \"hi\"", "plain", ""])
        #expect(rows.map(\.line) == [2, 4, 6])
        #expect(rows.map(\.index) == [0, 1, 2])
        #expect(rows[0].fields == ["q": "one, two", "a": "say \"hi\""])
    }

    @Test func wrongFieldCountNamesTheLine() throws {
        let path = try folder.write("t.csv", "q,a\nx,y\n\"multi\nline\",y,extra\n")
        #expect(throws: DatasetError(file: path, line: 3, message: "expected 2 fields as in the header, got 3")) {
            try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: "a")
        }
    }

    @Test func unclosedQuoteNamesWhereItOpened() throws {
        let path = try folder.write("t.csv", "q,a\nx,y\n\"open,y\nmore\n")
        #expect(throws: DatasetError(file: path, line: 3, message: "quoted field is never closed")) {
            try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: "a")
        }
    }

    @Test func missingFinalNewlineAndNonASCII() throws {
        let path = try folder.write("t.csv", "q,a\nCafé — ünïcode,✓")
        let rows = try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: "a")
        #expect(rows.map(\.prompt) == ["Café — ünïcode"])
        #expect(rows.map(\.reference) == ["✓"])
    }
}

@Suite final class JSONLReaderTests {
    let folder: TempFolder

    init() throws { folder = try TempFolder() }
    deinit { folder.remove() }

    @Test func valuesBecomeText() throws {
        let text = """
            {"q": "a\\u2019b", "n": 12, "x": 1.5, "ok": true, "none": null, "list": [1, "two"], "obj": {"b": 1, "a": 2}}

            {"q": "second", "n": -3}
            """
        let path = try folder.write("t.jsonl", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let rows = try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: "n")
        #expect(rows.map(\.prompt) == ["a\u{2019}b", "second"])
        #expect(rows.map(\.reference) == ["12", "-3"])
        #expect(rows.map(\.line) == [1, 3])
        #expect(rows[0].fields == [
            "q": "a\u{2019}b", "n": "12", "x": "1.5", "ok": "true", "list": "[1,\"two\"]", "obj": "{\"a\":2,\"b\":1}",
        ])
    }

    @Test func badJSONNamesTheLine() throws {
        let path = try folder.write("t.jsonl", "{\"q\": \"a\"}\n{\"q\": \"b\"\n")
        #expect(throws: DatasetError(file: path, line: 2, message: "invalid JSON")) {
            try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: nil)
        }
    }

    @Test func nonObjectLineIsRejected() throws {
        let path = try folder.write("t.jsonl", "{\"q\": \"a\"}\n[1, 2]\n")
        #expect(throws: DatasetError(file: path, line: 2, message: "expected a JSON object on this line")) {
            try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: nil)
        }
    }

    @Test func missingColumnNamesFileLineAndColumn() throws {
        let path = try folder.write("t.jsonl", "{\"question\": \"a\", \"answer\": \"1\"}\n\n{\"q\": \"b\", \"answer\": \"2\"}\n")
        #expect(throws: DatasetError(file: path, line: 3, message: "missing column 'question' (has: answer, q)")) {
            try DatasetLoader.readRows(path: path, promptColumn: "question", referenceColumn: "answer")
        }
    }

    @Test func startAndLimitSelectRowsAndKeepFileIndices() throws {
        let lines = (0..<10).map { "{\"q\": \"p\($0)\"}" }.joined(separator: "\n")
        let path = try folder.write("t.jsonl", lines)
        let rows = try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: nil, start: 3, limit: 4)
        #expect(rows.map(\.prompt) == ["p3", "p4", "p5", "p6"])
        #expect(rows.map(\.index) == [3, 4, 5, 6])
        #expect(rows.map(\.line) == [4, 5, 6, 7])
        let tail = try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: nil, start: 8, limit: 5)
        #expect(tail.map(\.prompt) == ["p8", "p9"])
        #expect(throws: DatasetError(file: path, message: "start 10 is past the last row (the file has 10)")) {
            try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: nil, start: 10)
        }
    }

    /// Rows past the selection are not parsed, so a broken tail does not stop a limited run.
    @Test func limitStopsBeforeLaterLines() throws {
        let path = try folder.write("t.jsonl", "{\"q\": \"a\"}\n{\"q\": \"b\"}\nnot json\n")
        let rows = try DatasetLoader.readRows(path: path, promptColumn: "q", referenceColumn: nil, limit: 2)
        #expect(rows.map(\.prompt) == ["a", "b"])
    }

    @Test func shapesMapTheirColumns() throws {
        let path = try folder.write("x.jsonl", "{\"id\": \"7\", \"document\": \"Text.\", \"summary\": \"Short.\"}\n")
        let dataset = try DatasetLoader.load(DatasetSpec(name: "x", path: path, shape: .xsum))
        #expect(dataset.rows.map(\.prompt) == ["Text."])
        #expect(dataset.rows.map(\.reference) == ["Short."])
        #expect(dataset.instruction == "Summarize the following article in one sentence.")
        #expect(dataset.answerType == .text)
        let custom = try DatasetLoader.load(DatasetSpec(
            name: "x", path: path, shape: .xsum, columns: ColumnMapping(reference: "id"), instruction: ""))
        #expect(custom.rows.map(\.reference) == ["7"])
        #expect(custom.instruction == nil)
    }
}

@Suite struct GSM8KRealDataTests {
    @Test func readsTheTestSplit() throws {
        let path = try TestPaths.dataFile("gsm8k/test.jsonl")
        let dataset = try DatasetLoader.load(DatasetSpec(name: "gsm8k", path: path, shape: .gsm8k))
        #expect(dataset.rows.count == 1319)
        #expect(dataset.answerType == .numeric)
        #expect(dataset.rows[0].prompt.hasPrefix("Janet\u{2019}s ducks lay 16 eggs per day."))
        #expect(ReferenceAnswer.finalAnswer(in: dataset.rows[0].reference) == "18")
        #expect(ReferenceAnswer.finalAnswer(in: dataset.rows[1318].reference) == "14")
        #expect(dataset.rows.allSatisfy { ReferenceAnswer.finalAnswer(in: $0.reference).flatMap(Double.init) != nil })
        let window = try DatasetLoader.load(DatasetSpec(name: "g", path: path, shape: .gsm8k, start: 100, limit: 3))
        #expect(window.rows.map(\.index) == [100, 101, 102])
        #expect(window.rows[0] == dataset.rows[100])
    }
}
