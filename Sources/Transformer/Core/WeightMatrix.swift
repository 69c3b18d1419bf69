import Kernels

/// The weight of a linear layer as a loader reads it: float32, or the checkpoint's own bytes
/// (memory-mapped F16, BF16 or GGUF integer groups). `DenseLayer` packs it once into kernel panels
/// (`PackedMatrix`), which keep stored weights in their compact form.
public enum WeightMatrix: Sendable {
    case float32([Float])
    case stored(StoredMatrix)

    /// Number of elements.
    public var count: Int {
        switch self {
        case .float32(let values): return values.count
        case .stored(let matrix): return matrix.rows * matrix.columns
        }
    }

    /// Bytes this weight takes: resident floats, or mapped stored bytes.
    public var byteCount: Int {
        switch self {
        case .float32(let values): return values.count * MemoryLayout<Float>.size
        case .stored(let matrix): return matrix.rows * matrix.rowBytes
        }
    }

    /// Every element as float32 (a copy for stored weights).
    public var floats: [Float] {
        switch self {
        case .float32(let values): return values
        case .stored(let matrix): return matrix.floats()
        }
    }
}
