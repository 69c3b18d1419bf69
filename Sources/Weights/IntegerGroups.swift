/// GGUF block types whose elements are small integers with one scale and one offset per group of
/// 32 elements (Q6_K: 16): element = fma(q, scale, offset). Q8_0, Q4_1, Q4_K, Q5_K and Q6_K are
/// exactly that (their q·scale is exact in float32, so the fused form rounds once, as ggml's q·d + m
/// and (d·sc)·q do); Q4_0 too, except that (q−8)·d gives −0 where this form gives +0, a difference
/// no matrix product sees. The GEMM keeps such weights in this form, 1 or ½ byte per element, and
/// widens them in registers; `Dequantize` decodes these types through it, so both give the same floats.
public enum IntegerGroups {
    /// Elements per group of `type`.
    public static func groupSize(of type: GGMLType) -> Int { type == .q6_K ? 16 : 32 }

    /// Bits per integer in the kept form: 4 (0…15) or 8 (−128…127); nil for types without it.
    public static func bits(of type: GGMLType) -> Int? {
        switch type {
        case .q4_0, .q4_1, .q4_K: return 4
        case .q8_0, .q5_K, .q6_K: return 8
        case .f32, .f16, .bf16: return nil
        }
    }

    /// Decodes `count` elements (whole blocks of `type`) from `bytes` into `count` integers and
    /// `count / groupSize(of: type)` scales and offsets.
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: GGMLType, count: Int, integers: UnsafeMutablePointer<Int8>,
                              scales: UnsafeMutablePointer<Float>, offsets: UnsafeMutablePointer<Float>) {
        precondition(bits(of: type) != nil && count % type.blockSize == 0 && bytes.count >= count / type.blockSize * type.blockBytes,
                     "\(count) \(type.name) elements in \(bytes.count) bytes")
        let groupsPerBlock = type.blockSize / groupSize(of: type)
        for block in 0..<(count / type.blockSize) {
            let b = UnsafeRawBufferPointer(rebasing: bytes[(block * type.blockBytes)..<((block + 1) * type.blockBytes)])
            let group = Group(integers: integers + block * type.blockSize, scales: scales + block * groupsPerBlock,
                              offsets: offsets + block * groupsPerBlock)
            switch type {
            case .q4_0: group.q4_0(b)
            case .q4_1: group.q4_1(b)
            case .q8_0: group.q8_0(b)
            case .q4_K: group.q4_K(b)
            case .q5_K: group.q5_K(b)
            case .q6_K: group.q6_K(b)
            case .f32, .f16, .bf16: break
            }
        }
    }

    /// Where one block's integers and group constants go (layouts: ggml-common.h).
    private struct Group {
        let integers: UnsafeMutablePointer<Int8>
        let scales: UnsafeMutablePointer<Float>
        let offsets: UnsafeMutablePointer<Float>

        // Q4_0: d (f16), 16 bytes of nibbles; element j is the low nibble of byte j, element j+16
        // the high one; x = (q − 8)·d.
        func q4_0(_ b: UnsafeRawBufferPointer) {
            let d = Dequantize.half(b, 0)
            scales[0] = d
            offsets[0] = -8 * d
            nibbles(b, from: 2, into: 0, high: false)
            nibbles(b, from: 2, into: 16, high: true)
        }

        // Q4_1: d, m (f16), 16 bytes of nibbles as Q4_0; x = q·d + m.
        func q4_1(_ b: UnsafeRawBufferPointer) {
            scales[0] = Dequantize.half(b, 0)
            offsets[0] = Dequantize.half(b, 2)
            nibbles(b, from: 4, into: 0, high: false)
            nibbles(b, from: 4, into: 16, high: true)
        }

        // Q8_0: d (f16), 32 signed bytes; x = q·d (adding −0 keeps every bit of the product).
        func q8_0(_ b: UnsafeRawBufferPointer) {
            scales[0] = Dequantize.half(b, 0)
            offsets[0] = -0.0
            for j in 0..<32 { integers[j] = Int8(bitPattern: b[2 + j]) }
        }

        // Q4_K: d, dmin (f16), 12 bytes of 6-bit scales and mins for 8 groups, 128 bytes of nibbles:
        // groups 2i and 2i+1 are the low and high nibbles of bytes 32i…32i+31; x = d·sc·q − dmin·m.
        func q4_K(_ b: UnsafeRawBufferPointer) {
            kQuantConstants(b)
            for pair in 0..<4 {
                nibbles(b, from: 16 + 32 * pair, into: 64 * pair, high: false, count: 32)
                nibbles(b, from: 16 + 32 * pair, into: 64 * pair + 32, high: true, count: 32)
            }
        }

        // Q5_K: as Q4_K plus 32 bytes of fifth bits (qh) before the nibbles: bit 2i of qh[l] is the
        // fifth bit of group 2i's element l, bit 2i+1 that of group 2i+1.
        func q5_K(_ b: UnsafeRawBufferPointer) {
            kQuantConstants(b)
            for pair in 0..<4 {
                for l in 0..<32 {
                    let low = b[48 + 32 * pair + l], high = b[16 + l] >> (2 * pair)
                    integers[64 * pair + l] = Int8((low & 0x0F) | ((high & 1) << 4))
                    integers[64 * pair + 32 + l] = Int8((low >> 4) | ((high & 2) << 3))
                }
            }
        }

        // Q6_K: 128 bytes of low nibbles (ql), 64 bytes of high bit pairs (qh), 16 int8 scales, d
        // (f16). Element 128n + 32k + l (l < 32) is ql's nibble k/2 of byte 64n + l + 32·(k % 2) with
        // qh's bit pair k of byte 32n + l above it, minus 32; group g of 16 has scale d·sc[g] (exact)
        // and offset −0, so the fused form keeps every bit of ggml's (d·sc)·q.
        func q6_K(_ b: UnsafeRawBufferPointer) {
            let d = Dequantize.half(b, 208)
            for g in 0..<16 {
                scales[g] = d * Float(Int8(bitPattern: b[192 + g]))
                offsets[g] = -0.0
            }
            for n in 0..<2 {
                for k in 0..<4 {
                    for l in 0..<32 {
                        let low = b[64 * n + l + 32 * (k % 2)], high = b[128 + 32 * n + l]
                        let nibble = k < 2 ? low & 0x0F : low >> 4
                        integers[128 * n + 32 * k + l] = Int8(nibble | (((high >> (2 * k)) & 3) << 4)) - 32
                    }
                }
            }
        }

        /// Scale d·sc and offset −dmin·m of the 8 groups of a Q4_K/Q5_K block (both products exact).
        private func kQuantConstants(_ b: UnsafeRawBufferPointer) {
            let d = Dequantize.half(b, 0), dmin = Dequantize.half(b, 2)
            for j in 0..<8 {
                let (scale, minimum) = Self.scaleMin(j) { b[4 + $0] }
                scales[j] = d * scale
                offsets[j] = -(dmin * minimum)
            }
        }

        private func nibbles(_ b: UnsafeRawBufferPointer, from source: Int, into target: Int, high: Bool, count: Int = 16) {
            for j in 0..<count {
                let byte = b[source + j]
                integers[target + j] = Int8(high ? byte >> 4 : byte & 0x0F)
            }
        }

        /// 6-bit scale and min of group j from the 12 packed bytes of Q4_K/Q5_K.
        private static func scaleMin(_ j: Int, _ s: (Int) -> UInt8) -> (Float, Float) {
            if j < 4 { return (Float(s(j) & 63), Float(s(j + 4) & 63)) }
            let scale = (s(j + 4) & 0x0F) | ((s(j - 4) >> 6) << 4)
            let minimum = (s(j + 4) >> 4) | ((s(j) >> 6) << 4)
            return (Float(scale), Float(minimum))
        }
    }
}
