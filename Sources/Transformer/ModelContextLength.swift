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
        return reader.contextLength
    }

    public static func contextLength(huggingFace checkpoint: HFCheckpoint) throws -> Int {
        guard let read = huggingFaceContextLength[checkpoint.modelType] else {
            throw ModelError(file: checkpoint.configPath, "unknown model_type '\(checkpoint.modelType)' (supported: \(supportedModelTypes.joined(separator: ", ")))")
        }
        return try read(checkpoint)
    }

    /// One line per `huggingFace` loader: where its configuration keeps the context length.
    static let huggingFaceContextLength: [String: @Sendable (HFCheckpoint) throws -> Int] = [
        "llama": { try $0.decodeConfiguration(LlamaFamilyConfiguration.self).contextLength },
        "mistral": { try $0.decodeConfiguration(LlamaFamilyConfiguration.self).contextLength },
        "qwen2": { try $0.decodeConfiguration(LlamaFamilyConfiguration.self).contextLength },
        "qwen3": { try $0.decodeConfiguration(LlamaFamilyConfiguration.self).contextLength },
        "gpt_neox": { try $0.decodeConfiguration(GPTNeoXConfiguration.self).contextLength },
        "phi": { try $0.decodeConfiguration(PhiConfiguration.self).contextLength },
        "gemma2": { try $0.decodeConfiguration(Gemma2Configuration.self).contextLength },
    ]
}
