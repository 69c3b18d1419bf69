import Foundation
import Kernels
import Weights

/// Architectures Nucleus can run (one line each): GGUF files keyed by `general.architecture`,
/// Hugging Face folders by config.json's `model_type`. The one place an architecture is named: each
/// family's folder holds its configuration, loader, forward pass and GGUF names, and the tests
/// iterate `supportedModelTypes` (README, "Adding an architecture").
public enum ModelRegistry {
    typealias GGUFLoader = @Sendable (GGUFFile, Int, WeightPrecision, ComputePrecision) throws -> any CausalLanguageModel
    typealias HFLoader = @Sendable (HFCheckpoint, Int, WeightPrecision, ComputePrecision) throws -> any CausalLanguageModel

    /// A Hugging Face `model_type`: how to load it, and where its configuration keeps the context
    /// length (read before any weights, for the job's prompt-length check).
    struct HFArchitecture: Sendable {
        let load: HFLoader
        let contextLength: @Sendable (HFCheckpoint) throws -> Int

        init<Configuration: Decodable & Sendable>(_ configuration: Configuration.Type, contextLength: @escaping @Sendable (Configuration) -> Int,
                                       load: @escaping HFLoader) {
            self.load = load
            self.contextLength = { contextLength(try $0.decodeConfiguration(Configuration.self)) }
        }
    }

    static let huggingFace: [String: HFArchitecture] = [
        "llama": HFArchitecture(LlamaFamilyConfiguration.self, contextLength: \.contextLength) { try LlamaModel.load(llama: $0, threads: $1, weights: $2, compute: $3) },
        "mistral": HFArchitecture(LlamaFamilyConfiguration.self, contextLength: \.contextLength) { try LlamaModel.load(mistral: $0, threads: $1, weights: $2, compute: $3) },
        "qwen2": HFArchitecture(LlamaFamilyConfiguration.self, contextLength: \.contextLength) { try LlamaModel.load(qwen2: $0, threads: $1, weights: $2, compute: $3) },
        "qwen3": HFArchitecture(LlamaFamilyConfiguration.self, contextLength: \.contextLength) { try LlamaModel.load(qwen3: $0, threads: $1, weights: $2, compute: $3) },
        "gpt_neox": HFArchitecture(GPTNeoXConfiguration.self, contextLength: \.contextLength) { try GPTNeoXModel.load(huggingFace: $0, threads: $1, weights: $2, compute: $3) },
        "phi": HFArchitecture(PhiConfiguration.self, contextLength: \.contextLength) { try PhiModel.load(huggingFace: $0, threads: $1, weights: $2, compute: $3) },
        "gemma2": HFArchitecture(Gemma2Configuration.self, contextLength: \.contextLength) { try Gemma2Model.load(huggingFace: $0, threads: $1, weights: $2, compute: $3) },
        "mamba": HFArchitecture(MambaConfiguration.self, contextLength: \.contextLength) { try MambaModel.load(huggingFace: $0, threads: $1, weights: $2, compute: $3) },
    ]

    static let gguf: [String: GGUFLoader] = [
        "llama": { try LlamaModel.load(gguf: $0, threads: $1, weights: $2, compute: $3) },
        "qwen2": { try LlamaModel.load(qwen2: $0, threads: $1, weights: $2, compute: $3) },
        "qwen3": { try LlamaModel.load(qwen3: $0, threads: $1, weights: $2, compute: $3) },
        "gemma2": { try Gemma2Model.load(gguf: $0, threads: $1, weights: $2, compute: $3) },
        "phi2": { try PhiModel.load(gguf: $0, threads: $1, weights: $2, compute: $3) },
        "gptneox": { try GPTNeoXModel.load(gguf: $0, threads: $1, weights: $2, compute: $3) },
    ]

    public static var supportedArchitectures: [String] { gguf.keys.sorted() }
    public static var supportedModelTypes: [String] { huggingFace.keys.sorted() }

    /// Loads the model in a GGUF file; `weights` says how layer matrices are kept.
    /// `compute: .bfloat16` runs it as transformers runs it in bf16 (`BFloat16Compute.swift`).
    public static func load(gguf file: GGUFFile, threads: Int, weights: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> any CausalLanguageModel {
        let architecture = try file.string("general.architecture")
        guard let loader = gguf[architecture] else {
            throw ModelError(file: file.path, "unknown architecture '\(architecture)' (supported: \(supportedArchitectures.joined(separator: ", ")))")
        }
        return try loader(file, threads, weights, compute)
    }

    /// Loads the model in a Hugging Face folder (config.json + safetensors); `weights` says how
    /// layer matrices are kept; `compute` the arithmetic of the activations.
    public static func load(huggingFace checkpoint: HFCheckpoint, threads: Int, weights: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> any CausalLanguageModel {
        guard let architecture = huggingFace[checkpoint.modelType] else {
            throw ModelError(file: checkpoint.configPath, "unknown model_type '\(checkpoint.modelType)' (supported: \(supportedModelTypes.joined(separator: ", ")))")
        }
        return try architecture.load(checkpoint, threads, weights, compute)
    }
}
