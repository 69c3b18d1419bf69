import Foundation

/// A CSV file read whole (RFC 4180, as dataset files are), for tables other than datasets.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        /// 1-based line where the record starts.
        public let line: Int
        public let fields: [String: String]
    }

    public let path: String
    /// Header names in file order.
    public let columns: [String]
    public let records: [Record]

    /// - Throws: `DatasetError` naming the file (and line) when it cannot be read or parsed.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(file: path, message: "cannot read the file")
        }
        let table = try CSVReader.readTable(data, file: path)
        self.path = path
        columns = table.columns
        records = table.records.map { Record(line: $0.line, fields: $0.fields) }
    }
}
