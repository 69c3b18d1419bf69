/// How a loader keeps the matrices of linear layers.
///
/// `stored` keeps F16/BF16 matrices 16-bit (half the memory of float32): packed once at load into
/// the GEMM's panels and widened in registers, with bitwise the same results;
/// F32 stays F32. `float32` converts every matrix at load. In both modes quantised GGUF types
/// (Q4_0, Q4_1, Q8_0, K-quants) are dequantised to float32 at load, since converting them on every
/// call would cost too much decode time, and norm weights, biases and embeddings are float32.
public enum WeightPrecision: String, Sendable, CaseIterable {
    case stored
    case float32
}
