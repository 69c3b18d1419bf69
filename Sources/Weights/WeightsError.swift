/// An error reading a weights or array file. Its description is one line naming the file.
public struct WeightsError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var problem: String

    public init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
