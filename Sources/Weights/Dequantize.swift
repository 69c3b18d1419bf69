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
            let blocks = count / type.blockSize
            for block in 0..<blocks {
                let source = UnsafeRawBufferPointer(rebasing: bytes[(block * type.blockBytes)..<((block + 1) * type.blockBytes)])
                let target = UnsafeMutableBufferPointer(rebasing: out[(block * type.blockSize)..<((block + 1) * type.blockSize)])
                decodeBlock(source, type: type, into: target)
            }
            initialized = count
        }
    }

    static func decodeBlock(_ b: UnsafeRawBufferPointer, type: GGMLType, into y: UnsafeMutableBufferPointer<Float>) {
        switch type {
        case .f32: y[0] = Float(bitPattern: b.loadUnaligned(as: UInt32.self).littleEndian)
        case .f16: y[0] = halfToFloat(b.loadUnaligned(as: UInt16.self).littleEndian)
        case .bf16: y[0] = Float(bitPattern: UInt32(b.loadUnaligned(as: UInt16.self).littleEndian) << 16)
        case .q4_0: decodeQ4_0(b, y)
        case .q4_1: decodeQ4_1(b, y)
        case .q8_0: decodeQ8_0(b, y)
        case .q4_K: decodeQ4_K(b, y)
        case .q5_K: decodeQ5_K(b, y)
        case .q6_K: decodeQ6_K(b, y)
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
    static func decodeQ4_0(_ b: UnsafeRawBufferPointer, _ y: UnsafeMutableBufferPointer<Float>) {
        let d = half(b, 0)
        for j in 0..<16 {
            let q = b[2 + j]
            y[j] = Float(Int(q & 0x0F) - 8) * d
            y[j + 16] = Float(Int(q >> 4) - 8) * d
        }
    }

    // Q4_1: d, m (f16), 16 bytes of nibbles; x = q·d + m.
    static func decodeQ4_1(_ b: UnsafeRawBufferPointer, _ y: UnsafeMutableBufferPointer<Float>) {
        let d = half(b, 0), m = half(b, 2)
        for j in 0..<16 {
            let q = b[4 + j]
            y[j] = Float(q & 0x0F) * d + m
            y[j + 16] = Float(q >> 4) * d + m
        }
    }

    // Q8_0: d (f16), 32 signed bytes.
    static func decodeQ8_0(_ b: UnsafeRawBufferPointer, _ y: UnsafeMutableBufferPointer<Float>) {
        let d = half(b, 0)
        for j in 0..<32 { y[j] = Float(Int8(bitPattern: b[2 + j])) * d }
    }

    /// 6-bit scale and min of sub-block j from the 12 packed bytes of Q4_K/Q5_K.
    @inline(__always) static func scaleMin(_ j: Int, _ s: (Int) -> UInt8) -> (Float, Float) {
        if j < 4 { return (Float(s(j) & 63), Float(s(j + 4) & 63)) }
        let scale = (s(j + 4) & 0x0F) | ((s(j - 4) >> 6) << 4)
        let minimum = (s(j + 4) >> 4) | ((s(j) >> 6) << 4)
        return (Float(scale), Float(minimum))
    }

    // Q4_K: d, dmin (f16), 12 bytes of 6-bit scales/mins for 8 sub-blocks of 32, 128 bytes of nibbles.
    static func decodeQ4_K(_ b: UnsafeRawBufferPointer, _ y: UnsafeMutableBufferPointer<Float>) {
        let d = half(b, 0), dmin = half(b, 2)
        let scales = { (i: Int) in b[4 + i] }
        var out = 0, q = 16
        for pair in 0..<4 {
            let (sc1, m1) = scaleMin(2 * pair, scales)
            let (sc2, m2) = scaleMin(2 * pair + 1, scales)
            for l in 0..<32 { y[out + l] = d * sc1 * Float(b[q + l] & 0x0F) - dmin * m1 }
            for l in 0..<32 { y[out + 32 + l] = d * sc2 * Float(b[q + l] >> 4) - dmin * m2 }
            out += 64
            q += 32
        }
    }

    // Q5_K: as Q4_K plus 32 bytes of fifth bits (qh), then 128 bytes of nibbles.
    static func decodeQ5_K(_ b: UnsafeRawBufferPointer, _ y: UnsafeMutableBufferPointer<Float>) {
        let d = half(b, 0), dmin = half(b, 2)
        let scales = { (i: Int) in b[4 + i] }
        let qh = 16
        var out = 0, ql = 48
        var bitLow: UInt8 = 1, bitHigh: UInt8 = 2
        for pair in 0..<4 {
            let (sc1, m1) = scaleMin(2 * pair, scales)
            let (sc2, m2) = scaleMin(2 * pair + 1, scales)
            for l in 0..<32 {
                let high: Float = (b[qh + l] & bitLow) != 0 ? 16 : 0
                y[out + l] = d * sc1 * (Float(b[ql + l] & 0x0F) + high) - dmin * m1
            }
            for l in 0..<32 {
                let high: Float = (b[qh + l] & bitHigh) != 0 ? 16 : 0
                y[out + 32 + l] = d * sc2 * (Float(b[ql + l] >> 4) + high) - dmin * m2
            }
            out += 64
            ql += 32
            bitLow <<= 2
            bitHigh <<= 2
        }
    }

    // Q6_K: 128 bytes low nibbles (ql), 64 bytes high 2-bit pairs (qh), 16 int8 scales, d (f16).
    static func decodeQ6_K(_ b: UnsafeRawBufferPointer, _ y: UnsafeMutableBufferPointer<Float>) {
        let d = half(b, 208)
        var out = 0, ql = 0, qh = 128, sc = 192
        for _ in 0..<2 {
            for l in 0..<32 {
                let group = l / 16
                let h = b[qh + l]
                let q1 = Int((b[ql + l] & 0x0F) | ((h & 3) << 4)) - 32
                let q2 = Int((b[ql + l + 32] & 0x0F) | (((h >> 2) & 3) << 4)) - 32
                let q3 = Int((b[ql + l] >> 4) | (((h >> 4) & 3) << 4)) - 32
                let q4 = Int((b[ql + l + 32] >> 4) | (((h >> 6) & 3) << 4)) - 32
                let scale = { (k: Int) in Float(Int8(bitPattern: b[sc + group + k])) }
                y[out + l] = d * scale(0) * Float(q1)
                y[out + l + 32] = d * scale(2) * Float(q2)
                y[out + l + 64] = d * scale(4) * Float(q3)
                y[out + l + 96] = d * scale(6) * Float(q4)
            }
            out += 128
            ql += 64
            qh += 32
            sc += 8
        }
    }
}
