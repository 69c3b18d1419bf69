/// The arithmetic of the activations that enter a matrix product. Weights are never rounded: a
/// 16-bit weight is widened exactly to float32.
public enum ComputePrecision: String, Sendable, CaseIterable, Codable {
    /// Activations stay float32 (the default and the reference).
    case float32 = "f32"
    /// Activations are rounded to bfloat16 before each product, as a bf16 model in Hugging Face
    /// computes; products are exact in float32 and summed in float32.
    case bfloat16 = "bf16"
}

/// bfloat16 rounding of float32 values: round to nearest, ties to even, NaN kept a NaN.
public enum BFloat16 {
    @inline(__always) public static func bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    @inline(__always) public static func rounded(_ value: Float) -> Float {
        Float(bitPattern: UInt32(bits(value)) << 16)
    }

    /// Rounds `count` values in place.
    public static func round(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for index in 0..<count { values[index] = rounded(values[index]) }
    }
}
