/// How a loader keeps the matrices of linear layers.
///
/// `stored` keeps F16/BF16 matrices 16-bit (half the memory of float32) and GGUF Q4_0, Q4_1, Q8_0,
/// Q4_K, Q5_K and Q6_K matrices as 4- or 8-bit integer groups (`IntegerGroups`): packed once at load
/// into the GEMM's panels and widened in registers, with bitwise the same results. F32 stays F32.
/// `float32` converts every matrix at load. Norm weights and biases are float32 in both modes.
public enum WeightPrecision: String, Sendable, CaseIterable {
    case stored
    case float32
}
