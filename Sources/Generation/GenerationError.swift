/// An error from sampling, statistics or stop rules: one line naming the component and the problem.
public struct GenerationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The component that failed, e.g. "sampler" or "token statistics".
    public var component: String
    public var problem: String

    public init(_ component: String, _ problem: String) {
        self.component = component
        self.problem = problem
    }

    public var description: String { "\(component): \(problem)" }
}
