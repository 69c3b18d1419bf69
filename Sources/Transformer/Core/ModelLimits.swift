/// Bounds on every count a config.json or GGUF declares, checked before anything is sized by it.
/// The tensors decide the rest: each loader then checks the layer count against the layers the
/// weights store (`TensorReader.checkLayerCount`) and every shape against the stored tensor.
enum ModelLimits {
    /// Widths, head counts, head size, vocabulary, context: a product of two stays inside Int.
    static let count = 1...Int(Int32.max)
    /// The deepest published models have a few hundred layers; more is a corrupt file, refused
    /// before per-layer tables are allocated.
    static let layers = 1...(1 << 16)

    /// The problem with `value` under `range`, or nil when it fits.
    static func problem(_ value: Int, in range: ClosedRange<Int>) -> String? {
        range.contains(value) ? nil : "must be in \(range.lowerBound)...\(range.upperBound), got \(value)"
    }
}
