/// Conversion of ggml storage types to float32, block by block (layouts: ggml-common.h).
/// Every path reads exactly `count / blockSize * blockBytes` bytes, checked up front.
public enum Dequantize {
    public static func toFloat32(_ bytes: UnsafeRawBufferPointer, type: GGMLType, count: Int) throws -> [Float] {
        guard count % type.blockSize == 0 else {
            throw WeightsError(file: "<tensor>", "\(count) elements is not a multiple of the \(type.name) block size")
        }
        let needed = count / type.blockSize * type.blockBytes
        guard bytes.count >= needed else {
            throw WeightsError(file: "<tensor>", "\(type.name) data has \(bytes.count) bytes, \(needed) needed")
        }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            decode(bytes, type: type, into: UnsafeMutableBufferPointer(rebasing: out[0..<count]))
            initialized = count
        }
    }

    /// Decodes `out.count` elements (whole blocks, all present in `bytes`: callers check) into `out`.
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: GGMLType, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(out.count % type.blockSize == 0 && bytes.count >= out.count / type.blockSize * type.blockBytes,
                     "\(out.count) \(type.name) elements in \(bytes.count) bytes")
        for block in 0..<(out.count / type.blockSize) {
            let source = UnsafeRawBufferPointer(rebasing: bytes[(block * type.blockBytes)..<((block + 1) * type.blockBytes)])
            let target = UnsafeMutableBufferPointer(rebasing: out[(block * type.blockSize)..<((block + 1) * type.blockSize)])
            decodeBlock(source, type: type, into: target)
        }
    }

    static func decodeBlock(_ b: UnsafeRawBufferPointer, type: GGMLType, into y: UnsafeMutableBufferPointer<Float>) {
        switch type {
        case .f32: y[0] = Float(bitPattern: b.loadUnaligned(as: UInt32.self).littleEndian)
        case .f16: y[0] = halfToFloat(b.loadUnaligned(as: UInt16.self).littleEndian)
        case .bf16: y[0] = Float(bitPattern: UInt32(b.loadUnaligned(as: UInt16.self).littleEndian) << 16)
        case .q4_0: decodeQ4_0(b, y)
        case .q4_1, .q8_0, .q4_K, .q5_K, .q6_K: decodeIntegerGroups(b, type: type, y)
        }
    }

    /// Types that are integer groups decode through `IntegerGroups`, the form the GEMM keeps them
    /// in: x = fma(q, scale, offset), bitwise what ggml's own formulas give for these types.
    static func decodeIntegerGroups(_ b: UnsafeRawBufferPointer, type: GGMLType, _ y: UnsafeMutableBufferPointer<Float>) {
        let size = IntegerGroups.groupSize(of: type), groups = type.blockSize / size
        withUnsafeTemporaryAllocation(of: Int8.self, capacity: type.blockSize) { integers in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * groups) { constants in
                guard let q = integers.baseAddress, let scales = constants.baseAddress else { return }
                IntegerGroups.decode(b, type: type, count: type.blockSize, integers: q, scales: scales, offsets: scales + groups)
                for i in 0..<type.blockSize {
                    let group = i / size
                    y[i] = scales[groups + group].addingProduct(Float(q[i]), scales[group])
                }
            }
        }
    }

    @inline(__always) static func half(_ b: UnsafeRawBufferPointer, _ offset: Int) -> Float {
        halfToFloat(b.loadUnaligned(fromByteOffset: offset, as: UInt16.self).littleEndian)
    }

    /// IEEE 754 binary16 → binary32, exact for every input (subnormals, infinities, NaN).
    /// Inlinable: loaders and the packing of F16 weights call it once per element.
    @inlinable public static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x03FF)
        if exponent == 0 {
            // Zero or subnormal: value = mantissa × 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | (UInt32(exponent + 112) << 23) | (mantissa << 13))
    }

    // Q4_0: d (f16), 16 bytes of nibbles; element j is the low nibble of byte j, element j+16 the high one.
    // Decoded here, not through `IntegerGroups`, to keep the sign of (8 − 8)·d for d < 0.
    static func decodeQ4_0(_ b: UnsafeRawBufferPointer, _ y: UnsafeMutableBufferPointer<Float>) {
        let d = half(b, 0)
        for j in 0..<16 {
            let q = b[2 + j]
            y[j] = Float(Int(q & 0x0F) - 8) * d
            y[j + 16] = Float(Int(q >> 4) - 8) * d
        }
    }
}
