import Kernels
/// config.json of `model_type: llama` (Llama 2/3/3.1, SmolLM, deepseek-llm, …).
public struct LlamaConfiguration: Decodable, Sendable {
    public var common: LlamaFamilyConfiguration
    /// Biases on q/k/v/o projections (default false).
    public var attentionBias: Bool?
    /// Biases on the MLP projections: not supported (default false).
    public var mlpBias: Bool?

    enum CodingKeys: String, CodingKey { case attentionBias = "attention_bias", mlpBias = "mlp_bias" }

    public init(from decoder: any Decoder) throws {
        common = try LlamaFamilyConfiguration(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attentionBias = try container.decodeIfPresent(Bool.self, forKey: .attentionBias)
        mlpBias = try container.decodeIfPresent(Bool.self, forKey: .mlpBias)
    }
}

extension LlamaModel {
    /// A Hugging Face `llama` folder; RoPE may be scaled (`rope_type` llama3 or linear).
    public static func load(llama checkpoint: HFCheckpoint, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        let configuration = try checkpoint.decodeConfiguration(LlamaConfiguration.self)
        guard configuration.mlpBias != true else {
            throw ModelError(file: checkpoint.configPath, "mlp_bias true is not supported")
        }
        let bias = configuration.attentionBias ?? false
        return try load(huggingFace: checkpoint, configuration: configuration.common,
                        variant: LlamaFamilyVariant(qkvBias: bias, outputBias: bias), threads: threads, weights: precision, compute: compute)
    }
}
