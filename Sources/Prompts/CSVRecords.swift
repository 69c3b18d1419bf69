import Foundation

/// The records of a CSV file (RFC 4180, as datasets are read) for other targets' inputs, e.g. the
/// reducer's external grades: each record's 1-based line and its fields by header name. Errors
/// are `DatasetError`s naming the file and line.
public enum CSVRecords {
    public static func read(_ data: Data, file: String) throws -> [(line: Int, fields: [String: String])] {
        try CSVReader.read(data, file: file).map { ($0.line, $0.fields) }
    }
}
