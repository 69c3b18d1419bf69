/// One row of the correlation report: a model on a dataset under a prompting technique,
/// pooled over sample indices.
public struct CorrelationKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var model: String
    public var dataset: String
    public var technique: String

    public init(model: String, dataset: String, technique: String) {
        self.model = model
        self.dataset = dataset
        self.technique = technique
    }

    public static func < (a: CorrelationKey, b: CorrelationKey) -> Bool {
        (a.model, a.dataset, a.technique) < (b.model, b.dataset, b.technique)
    }

    public var description: String { "\(model) × \(dataset) × \(technique)" }
}
