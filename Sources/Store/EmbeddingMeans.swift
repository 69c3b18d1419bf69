/// eᵢ of every prompt of a generation unit (DESIGN §10 "Output diversity"): the mean of the model's
/// input-embedding rows over the prompt's generated token ids, kept in the unit file so the reducer
/// can report embedding diversity without the model.
public struct EmbeddingMeans: Sendable, Equatable {
    /// The embedding width D.
    public var width: Int
    /// One entry per prompt, in the order of `UnitRecord.prompts`: D values, or nil where the mean
    /// is undefined (no generated tokens, a failed prompt). Stored as a NaN row.
    public var rows: [[Double]?]

    public init(width: Int, rows: [[Double]?]) {
        self.width = width
        self.rows = rows
    }

    /// The P × D row-major values as stored, NaN for undefined rows.
    var storedValues: [Double] {
        rows.flatMap { $0 ?? Array(repeating: .nan, count: width) }
    }

    /// The rows of stored values; a row holding a NaN reads as undefined.
    init(storedValues values: [Double], prompts: Int, width: Int) {
        self.width = width
        rows = (0..<prompts).map { prompt in
            let row = Array(values[(prompt * width)..<((prompt + 1) * width)])
            return row.contains(where: \.isNaN) ? nil : row
        }
    }

    /// Why these rows cannot belong to `promptCount` prompts, or nil.
    func problem(promptCount: Int) -> String? {
        guard width > 0 else { return "embedding_mean has width \(width)" }
        guard rows.count == promptCount else {
            return "embedding_mean has \(rows.count) rows for \(promptCount) prompts"
        }
        if let bad = rows.firstIndex(where: { $0 != nil && $0?.count != width }) {
            return "embedding_mean row \(bad) has \(rows[bad]?.count ?? 0) values, expected \(width)"
        }
        return nil
    }
}
