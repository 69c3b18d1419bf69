/// A model that cannot be loaded or run. One line, naming the file.
public struct ModelError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var problem: String

    public init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
