import Weights

extension ModelRegistry {
    /// The context length a model runs with, read from its metadata or config.json alone (no
    /// weights are read): the same value its loader puts in `TransformerConfig.contextLength` (a
    /// test compares the two for every architecture). Lets a job check prompt lengths before any
    /// model is loaded.
    public static func contextLength(gguf file: GGUFFile) throws -> Int {
        let reader = try GGUFModelReader(file)
        guard gguf[reader.architecture] != nil else {
            throw ModelError(file: file.path, "unknown architecture '\(reader.architecture)' (supported: \(supportedArchitectures.joined(separator: ", ")))")
        }
        return try reader.contextLength
    }

    public static func contextLength(huggingFace checkpoint: HFCheckpoint) throws -> Int {
        guard let architecture = huggingFace[checkpoint.modelType] else {
            throw ModelError(file: checkpoint.configPath, "unknown model_type '\(checkpoint.modelType)' (supported: \(supportedModelTypes.joined(separator: ", ")))")
        }
        return try architecture.contextLength(checkpoint)
    }

}
