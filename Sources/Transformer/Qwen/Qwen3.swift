import Kernels
/// config.json of `model_type: qwen3`: the Llama layout with a per-head RMSNorm of queries and
/// keys before RoPE, and `head_dim` independent of `hidden_size / num_attention_heads`.
public struct Qwen3Configuration: Decodable, Sendable {
    public var common: LlamaFamilyConfiguration
    public var slidingWindow: QwenSlidingWindowConfiguration
    /// Biases on q/k/v/o projections (default false).
    public var attentionBias: Bool?

    enum CodingKeys: String, CodingKey { case attentionBias = "attention_bias" }

    public init(from decoder: any Decoder) throws {
        common = try LlamaFamilyConfiguration(from: decoder)
        slidingWindow = try QwenSlidingWindowConfiguration(from: decoder)
        attentionBias = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .attentionBias)
    }
}

extension LlamaModel {
    /// A Hugging Face `qwen3` folder.
    public static func load(qwen3 checkpoint: HFCheckpoint, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        let configuration = try checkpoint.decodeConfiguration(Qwen3Configuration.self)
        let windows = try configuration.slidingWindow.windows(layers: configuration.common.numHiddenLayers, configPath: checkpoint.configPath)
        let bias = configuration.attentionBias ?? false
        return try load(huggingFace: checkpoint, configuration: configuration.common,
                        variant: LlamaFamilyVariant(qkvBias: bias, outputBias: bias, queryKeyNorm: true, windows: windows), threads: threads, weights: precision, compute: compute)
    }
}
