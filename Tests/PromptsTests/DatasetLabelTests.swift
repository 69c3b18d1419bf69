import Foundation
import NucleusCore
import Testing
@testable import Prompts

/// Grouping labels: one `label` for every row, or each row's `label_column` value; a row without
/// one is an error naming the file and line.
@Suite final class DatasetLabelTests {
    let folder: TempFolder

    init() throws { folder = try TempFolder() }
    deinit { folder.remove() }

    func spec(_ path: String, label: String? = nil, column: String? = nil) -> DatasetSpec {
        var spec = DatasetSpec(name: "d", path: path, shape: .custom, columns: ColumnMapping(prompt: "prompt"))
        spec.label = label
        spec.labelColumn = column
        return spec
    }

    @Test func oneLabelForEveryRow() throws {
        let path = try folder.write("f.jsonl", "{\"prompt\": \"a\"}\n{\"prompt\": \"b\"}\n")
        #expect(try DatasetLoader.load(spec(path, label: "factual")).rows.map(\.label) == ["factual", "factual"])
        #expect(try DatasetLoader.load(spec(path)).rows.map(\.label) == ["", ""])
    }

    @Test func labelsFromAColumn() throws {
        let path = try folder.write("f.csv", "prompt,kind\na,factual\nb,creative\n")
        #expect(try DatasetLoader.load(spec(path, column: "kind")).rows.map(\.label) == ["factual", "creative"])
    }

    @Test func aMissingColumnValueNamesFileAndLine() throws {
        let path = try folder.write("f.jsonl", "{\"prompt\": \"a\", \"kind\": \"x\"}\n{\"prompt\": \"b\"}\n")
        #expect(throws: DatasetError(file: path, line: 2, message: "the row has no label column 'kind'")) {
            try DatasetLoader.load(self.spec(path, column: "kind"))
        }
    }

    @Test func anEmptyColumnValueNamesFileAndLine() throws {
        let path = try folder.write("f.csv", "prompt,kind\na,x\nb,\n")
        #expect(throws: DatasetError(file: path, line: 3, message: "the row has an empty label column 'kind'")) {
            try DatasetLoader.load(self.spec(path, column: "kind"))
        }
    }

    @Test func bothFormsAreRefused() throws {
        let path = try folder.write("f.jsonl", "{\"prompt\": \"a\", \"kind\": \"x\"}\n")
        #expect(throws: DatasetError(file: path, message: "set label or label_column, not both")) {
            try DatasetLoader.load(self.spec(path, label: "x", column: "kind"))
        }
    }
}
