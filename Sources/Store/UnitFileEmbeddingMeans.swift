/// `/prompts/embedding_mean` float64 [P × D]: eᵢ per prompt (`EmbeddingMeans`), NaN rows where
/// undefined. Absent in score and rank units and in files written before it existed; those read
/// as nil. Float64 because the runner accumulates the float32 embedding rows in float64: storing
/// the mean as computed keeps the reducer's cosines free of a second rounding, and at D = 4096 a
/// row is 32 KB, small next to the per-token columns of a long completion.
enum UnitFileEmbeddingMeans {
    static let name = "embedding_mean"

    static func write(_ means: EmbeddingMeans?, prompts: HDF5Group) throws {
        guard let means else { return }
        let dataset = try prompts.createDataset(name, values: means.storedValues, shape: [means.rows.count, means.width],
                                                compressed: true)
        try dataset.setAttribute("description",
                                 "mean of the model's input-embedding rows over the prompt's generated token ids; NaN row when none")
    }

    static func read(_ prompts: HDF5Group, promptCount: Int) throws -> EmbeddingMeans? {
        guard prompts.hasLink(name) else { return nil }
        let dataset = try prompts.openDataset(name)
        let width = try requireShape(dataset, promptCount: promptCount)
        let values = try dataset.read(Double.self, expectedShape: [promptCount, width])
        return EmbeddingMeans(storedValues: values, prompts: promptCount, width: width)
    }

    /// The shape must be [P, D] with D > 0; returns D.
    @discardableResult
    static func requireShape(_ dataset: HDF5Dataset, promptCount: Int) throws -> Int {
        let shape = try dataset.shape()
        guard shape.count == 2, shape[0] == promptCount, shape[1] > 0 else {
            throw dataset.origin.error(.malformed, "\(name) has shape \(shape), expected [\(promptCount), D] with D > 0")
        }
        return shape[1]
    }
}
