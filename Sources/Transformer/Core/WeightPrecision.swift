/// How a loader keeps the matrices of linear layers.
///
/// `stored` keeps F16/BF16 matrices as the checkpoint's memory-mapped bytes (half the memory of
/// float32; each product converts one column block at a time, with bitwise the same results);
/// F32 stays F32. `float32` converts every matrix at load. In both modes quantised GGUF types
/// (Q4_0, Q4_1, Q8_0, K-quants) are dequantised to float32 at load, since converting them on every
/// call would cost too much decode time, and norm weights, biases and embeddings are float32.
public enum WeightPrecision: String, Sendable, CaseIterable {
    case stored
    case float32
}
