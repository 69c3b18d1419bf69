/// A job that cannot run as asked. One line; the message names the file or key.
public struct RunnerError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
