/// The sliding-window keys Qwen2 and Qwen3 configs share (`use_sliding_window` is false in
/// every published checkpoint, so the window is usually off).
public struct QwenSlidingWindowConfiguration: Decodable, Sendable, Equatable {
    public var useSlidingWindow: Bool?
    public var slidingWindow: Int?
    /// Without `layer_types`, layers from this index on use the window.
    public var maxWindowLayers: Int?
    /// transformers v5: `full_attention` or `sliding_attention` per layer.
    public var layerTypes: [String]?

    enum CodingKeys: String, CodingKey {
        case useSlidingWindow = "use_sliding_window", slidingWindow = "sliding_window"
        case maxWindowLayers = "max_window_layers", layerTypes = "layer_types"
    }

    func windows(layers: Int, configPath: String) throws -> [Int?] {
        try LlamaModel.qwenWindows(useSlidingWindow: useSlidingWindow, slidingWindow: slidingWindow, maxWindowLayers: maxWindowLayers,
                                   layerTypes: layerTypes, layers: layers, configPath: configPath)
    }
}
