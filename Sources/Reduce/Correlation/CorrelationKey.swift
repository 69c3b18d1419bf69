/// One row of the correlation report: a model on a dataset under a prompting technique (and a
/// sampling-settings block when the job has a settings axis), pooled over sample indices.
public struct CorrelationKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var model: String
    public var dataset: String
    public var technique: String
    /// The settings block's name; "" for a single-block job (whose tables have no settings column).
    public var settings: String

    public init(model: String, dataset: String, technique: String, settings: String = "") {
        self.model = model
        self.dataset = dataset
        self.technique = technique
        self.settings = settings
    }

    public static func < (a: CorrelationKey, b: CorrelationKey) -> Bool {
        (a.model, a.dataset, a.technique, a.settings) < (b.model, b.dataset, b.technique, b.settings)
    }

    public var description: String { "\(model) × \(dataset) × \(technique)" + (settings.isEmpty ? "" : " × \(settings)") }

    /// The technique with the settings block, for tables that have no column for it (LaTeX, figures).
    public var techniqueAndSettings: String { settings.isEmpty ? technique : "\(technique) / \(settings)" }
}
