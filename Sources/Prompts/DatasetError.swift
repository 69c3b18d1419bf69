/// A problem reading a dataset file: one line naming the file, the line when known, and the problem.
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    /// 1-based line where the offending record starts.
    public let line: Int?
    public let message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// One record of a dataset file before column mapping.
struct RawRecord: Sendable {
    /// 1-based line where the record starts.
    let line: Int
    let fields: [String: String]
}
