import Kernels
/// config.json of `model_type: mistral`: the Llama layout with sliding-window attention.
public struct MistralConfiguration: Decodable, Sendable {
    public var common: LlamaFamilyConfiguration
    /// Every layer sees only the last `sliding_window` positions; null or absent for full attention.
    public var slidingWindow: Int?

    enum CodingKeys: String, CodingKey { case slidingWindow = "sliding_window" }

    public init(from decoder: any Decoder) throws {
        common = try LlamaFamilyConfiguration(from: decoder)
        slidingWindow = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .slidingWindow)
    }
}

extension LlamaModel {
    /// A Hugging Face `mistral` folder.
    public static func load(mistral checkpoint: HFCheckpoint, threads: Int, weights precision: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> LlamaModel {
        let configuration = try checkpoint.decodeConfiguration(MistralConfiguration.self)
        if let window = configuration.slidingWindow, window <= 0 {
            throw ModelError(file: checkpoint.configPath, "sliding_window must be positive, got \(window)")
        }
        let windows = configuration.slidingWindow.map { [Int?](repeating: $0, count: configuration.common.numHiddenLayers) } ?? []
        return try load(huggingFace: checkpoint, configuration: configuration.common,
                        variant: LlamaFamilyVariant(windows: windows), threads: threads, weights: precision, compute: compute)
    }
}
