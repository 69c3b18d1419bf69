import Kernels
/// config.json of `model_type: qwen2`: the Llama layout with biases on q/k/v (never on o_proj).
public struct Qwen2Configuration: Decodable, Sendable {
    public var common: LlamaFamilyConfiguration
    public var slidingWindow: QwenSlidingWindowConfiguration

    public init(from decoder: any Decoder) throws {
        common = try LlamaFamilyConfiguration(from: decoder)
        slidingWindow = try QwenSlidingWindowConfiguration(from: decoder)
    }
}

extension LlamaModel {
    /// A Hugging Face `qwen2` folder (Qwen2, Qwen2.5).
    public static func load(qwen2 checkpoint: HFCheckpoint, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        let configuration = try checkpoint.decodeConfiguration(Qwen2Configuration.self)
        let windows = try configuration.slidingWindow.windows(layers: configuration.common.numHiddenLayers, configPath: checkpoint.configPath)
        return try load(huggingFace: checkpoint, configuration: configuration.common,
                        variant: LlamaFamilyVariant(qkvBias: true, windows: windows), threads: threads, weights: precision, compute: compute)
    }
}
