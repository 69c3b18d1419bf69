/// A problem with the input of `nucleus cooccur`: one line naming the file, the line when known,
/// and the problem.
public struct CooccurrenceError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    /// 1-based line of the offending record or key.
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
