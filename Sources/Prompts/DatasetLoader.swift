import Foundation
import NucleusCore

/// Reads `.jsonl` and `.csv` dataset files and maps their columns to `DatasetRow`s.
public enum DatasetLoader {
    /// The rows `spec` selects, with its shape's instruction and answer type resolved.
    public static func load(_ spec: DatasetSpec) throws -> Dataset {
        var columns = try resolvedColumns(shape: spec.shape, override: spec.columns, file: spec.path)
        if spec.task == .score {
            // The scored text takes the prompt's place; it has no reference, and every row needs it.
            guard let text = spec.scoredColumn else {
                throw DatasetError(file: spec.path, message: "task score needs columns: {text: COLUMN}")
            }
            columns = (text, nil, false)
        }
        let rows = try DatasetLabels.apply(spec, to: readRows(
            path: spec.path, promptColumn: columns.prompt, referenceColumn: columns.reference,
            referenceIsOptional: columns.referenceIsOptional, start: spec.start, limit: spec.limit))
        let instruction = spec.instruction ?? spec.shape.defaultInstruction
        return Dataset(
            name: spec.name, path: spec.path, shape: spec.shape,
            instruction: instruction?.isEmpty == true ? nil : instruction,
            answerType: spec.answerType ?? spec.shape.defaultAnswerType, rows: rows)
    }

    /// Every row of a few-shot pool (no selection).
    public static func loadPool(_ pool: FewShotPoolSpec, of dataset: DatasetSpec) throws -> [DatasetRow] {
        let shape = pool.shape ?? dataset.shape
        let columns = try resolvedColumns(shape: shape, override: pool.columns ?? dataset.columns, file: pool.path)
        return try readRows(
            path: pool.path, promptColumn: columns.prompt, referenceColumn: columns.reference,
            referenceIsOptional: columns.referenceIsOptional)
    }

    /// Rows `start ..< start + limit` of a file, mapped to prompt and reference columns; with
    /// `referenceIsOptional`, a record without the reference column gets an empty reference.
    /// - Throws: `DatasetError` naming the file and line for unreadable records or missing columns.
    public static func readRows(
        path: String, promptColumn: String, referenceColumn: String?, referenceIsOptional: Bool = false,
        start: Int = 0, limit: Int? = nil
    ) throws -> [DatasetRow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(file: path, message: "cannot read the file")
        }
        guard start >= 0, (limit ?? 0) >= 0 else {
            throw DatasetError(file: path, message: "start \(start) and limit \(limit ?? 0) must not be negative")
        }
        // Saturating: a limit meaning "to the end" may be written as a huge number.
        let wanted = limit.map { start > Int.max - $0 ? Int.max : start + $0 } ?? .max
        let records: [RawRecord]
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "jsonl": records = try JSONLReader.read(data, file: path, maxRecords: wanted)
        case "csv": records = try CSVReader.read(data, file: path, maxRecords: wanted)
        default: throw DatasetError(file: path, message: "expected a .jsonl or .csv file")
        }
        guard start < records.count || records.isEmpty && start == 0 else {
            throw DatasetError(file: path, message: "start \(start) is past the last row (the file has \(records.count))")
        }
        return try records[min(start, records.count)...].enumerated().map { offset, record in
            DatasetRow(
                index: start + offset, line: record.line,
                prompt: try value(of: promptColumn, in: record, file: path),
                reference: try referenceColumn.map { column in
                    if referenceIsOptional, record.fields[column] == nil { return "" }
                    return try value(of: column, in: record, file: path)
                } ?? "",
                fields: record.fields)
        }
    }

    private static func value(of column: String, in record: RawRecord, file: String) throws -> String {
        guard let value = record.fields[column] else {
            let present = record.fields.keys.sorted().joined(separator: ", ")
            throw DatasetError(file: file, line: record.line, message: "missing column '\(column)' (has: \(present))")
        }
        return value
    }

    private static func resolvedColumns(
        shape: DatasetShape, override: ColumnMapping?, file: String
    ) throws -> (prompt: String, reference: String?, referenceIsOptional: Bool) {
        guard let prompt = override?.prompt ?? shape.defaultPromptColumn ?? override?.text else {
            throw DatasetError(file: file, message: "shape custom needs columns: {prompt: COLUMN}")
        }
        if let reference = override?.reference { return (prompt, reference, false) }
        return (prompt, shape.defaultReferenceColumn, shape.referenceIsOptional)
    }
}
