import Foundation
import Kernels

/// The arithmetic of attention, as the transformers attention a model runs with computes it.
enum AttentionArithmetic: Sendable {
    /// float32 throughout (the reference path).
    case float32
    /// PyTorch's fused CPU kernel (`scaled_dot_product_attention`, transformers' default "sdpa")
    /// on bf16 tensors: scores, the running maximum, exp (its fast approximation, see
    /// `TorchFlashAttention`) and their sum in float32; the unnormalised exp values rounded to
    /// bf16 for the product with V, accumulated in float32, multiplied by 1/sum and rounded once.
    case bfloat16Fused
    /// transformers' `eager_attention_forward` on bf16 tensors (Gemma-2's default: sdpa has no
    /// soft-capping): each tensor operation rounds — q·kᵀ, ×scale, the soft-cap's /cap, tanh and
    /// ×cap; softmax in float32 (PyTorch's vectorised one, `TorchSoftmax`), its probabilities
    /// rounded; P·V accumulated in float32, rounded.
    case bfloat16Eager

    /// The arithmetic a model's attention uses for `compute`; `eager` for architectures whose
    /// transformers default is eager attention.
    init(_ compute: ComputePrecision, eager: Bool = false) {
        switch compute {
        case .float32: self = .float32
        case .bfloat16: self = eager ? .bfloat16Eager : .bfloat16Fused
        }
    }
}

extension CausalAttention {
    /// `run` in bf16 arithmetic: same work items and order as the float32 path (one (chunk, head)
    /// pair per item), so results stay independent of the thread count.
    func runBFloat16(items: [Item], queries: UnsafePointer<Float>, queryStride: Int,
                     keys: (_ slot: Int, _ kvHead: Int) -> UnsafePointer<Float>,
                     values: (_ slot: Int, _ kvHead: Int) -> UnsafePointer<Float>,
                     output: UnsafeMutablePointer<Float>, threads: Int, statistics: AttentionStatisticsTarget? = nil) {
        let group = heads / kvHeads
        let longest = items.map { $0.startPosition + $0.count }.max() ?? 0
        let scoreBuffers = UnsafeMutablePointer<Float>.allocate(capacity: max(1, threads * longest))
        defer { scoreBuffers.deallocate() }
        let workItems = items.count * heads
        let lanes = max(1, min(threads, workItems))
        Parallel.forEach(workItems, threads: lanes) { work in
            let item = items[work / heads], head = work % heads
            let kvHead = head / group
            let row = Row(keys: keys(item.slot, kvHead), values: values(item.slot, kvHead),
                          scores: scoreBuffers + (work % lanes) * longest)
            for t in 0..<item.count {
                let position = item.startPosition + t
                let first = window.map { max(0, position + 1 - $0) } ?? 0
                let query = queries + (item.firstRow + t) * queryStride + head * headSize
                let out = output + (item.firstRow + t) * heads * headSize + head * headSize
                let recorded = statistics?.slots(row: item.firstRow + t).map { ($0.entropy + head, $0.varentropy + head) }
                if arithmetic == .bfloat16Eager {
                    eagerRow(query, row, visible: first...position, keys: transformersKeys(item), into: out,
                             statistics: recorded)
                } else {
                    fusedRow(query, row, visible: first...position, keys: transformersKeys(item), into: out,
                             statistics: recorded)
                }
            }
        }
    }

    /// The positions whose keys transformers' attention call for this chunk receives (its
    /// DynamicCache): the whole cache plus the chunk, except that a sliding-window layer keeps only
    /// the last `window - 1` earlier positions. The fused kernel's blocks and the vector lanes of
    /// both kernels count from the first of them.
    func transformersKeys(_ item: Item) -> Range<Int> {
        let end = item.startPosition + item.count
        guard let window else { return 0..<end }
        return (item.startPosition - min(item.startPosition, window - 1))..<end
    }

    /// One (sequence, KV head)'s cached keys and values (a row per position, `headSize` apart), and a score buffer.
    struct Row {
        let keys: UnsafePointer<Float>
        let values: UnsafePointer<Float>
        let scores: UnsafeMutablePointer<Float>
    }

    /// PyTorch's `cpu_flash_attention` for one query row: keys in blocks of 512 with a running
    /// maximum (online softmax); within a block the exp of the first 16·⌊length/16⌋ keys is the
    /// AVX-512 vector kernel's `fexp_u20`, the rest `expf`; the exp values are rounded to bf16 for
    /// P·V while their sum stays float32; the output is multiplied by 1/sum and rounded once.
    /// With `statistics`, the weights are the bf16 exp values rescaled by their block's correction
    /// (e^(block maximum − final maximum), in float64) over the sum: what P·V amounts to.
    private func fusedRow(_ query: UnsafePointer<Float>, _ row: Row, visible: ClosedRange<Int>, keys: Range<Int>,
                          into out: UnsafeMutablePointer<Float>,
                          statistics: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)? = nil) {
        var runningMax = -Float.infinity, sum: Float = 0
        var blockMaxima: [(range: ClosedRange<Int>, maximum: Float)] = []
        out.update(repeating: 0, count: headSize)
        for blockStart in stride(from: keys.lowerBound, to: keys.upperBound, by: TorchFlashAttention.keyBlock) {
            let blockEnd = min(blockStart + TorchFlashAttention.keyBlock, keys.upperBound)
            let vectorEnd = blockStart + (blockEnd - blockStart) / TorchFlashAttention.lanes * TorchFlashAttention.lanes
            let lo = max(visible.lowerBound, blockStart), hi = min(visible.upperBound, blockEnd - 1)
            guard lo <= hi else { continue }  // a block the row cannot see changes nothing
            var blockMax = -Float.infinity
            for p in lo...hi {
                var score = VectorOps.dot(query, row.keys + p * headSize, count: headSize) * scale
                if let cap = softCap { score = cap * tanhf(score / cap) }
                row.scores[p] = score
                blockMax = max(blockMax, score)
            }
            let newMax = max(runningMax, blockMax)
            var blockSum: Float = 0
            for p in lo...hi {
                let shifted = row.scores[p] - newMax
                let e = p < vectorEnd ? TorchFlashAttention.fexpU20(shifted) : expf(shifted)
                blockSum += e
                row.scores[p] = BFloat16.rounded(e)
            }
            let correction = expf(runningMax - newMax)
            sum = blockSum + correction * sum
            for i in 0..<headSize { out[i] *= correction }
            runningMax = newMax
            for p in lo...hi { VectorOps.axpy(row.scores[p], row.values + p * headSize, out, count: headSize) }
            if statistics != nil { blockMaxima.append((lo...hi, newMax)) }
        }
        if let (entropy, varentropy) = statistics {
            var moments = AttentionMoments()
            for block in blockMaxima {
                let scale = Foundation.exp(Double(block.maximum) - Double(runningMax))
                for p in block.range where row.scores[p] > 0 {
                    let w = Double(row.scores[p]) * scale
                    moments.add(weight: w, log: Foundation.log(w))
                }
            }
            (entropy.pointee, varentropy.pointee) = moments.entropyAndVarentropy
        }
        let inverse = 1 / sum
        for i in 0..<headSize { out[i] = BFloat16.rounded(out[i] * inverse) }
    }

    /// transformers' eager attention for one query row: every tensor operation rounds. The
    /// float32 softmax is PyTorch's vectorised one (`TorchSoftmax`) over the keys transformers'
    /// cache hands the call, masked ones contributing exp = 0 to their lanes.
    private func eagerRow(_ query: UnsafePointer<Float>, _ row: Row, visible: ClosedRange<Int>, keys: Range<Int>,
                          into out: UnsafeMutablePointer<Float>,
                          statistics: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)? = nil) {
        let r = BFloat16.rounded
        var maximum = -Float.infinity
        for p in visible {
            var score = r(r(VectorOps.dot(query, row.keys + p * headSize, count: headSize)) * scale)
            if let cap = softCap { score = r(r(tanhf(r(score / cap))) * cap) }
            row.scores[p] = score
            maximum = max(maximum, score)
        }
        var lanes = SIMD16<Float>()
        for p in visible {
            row.scores[p] = TorchSoftmax.exp(row.scores[p] - maximum)
            lanes[(p - keys.lowerBound) % 16] += row.scores[p]
        }
        let inverse = 1 / TorchSoftmax.sum(lanes)
        out.update(repeating: 0, count: headSize)
        for p in visible { VectorOps.axpy(r(row.scores[p] * inverse), row.values + p * headSize, out, count: headSize) }
        BFloat16.round(out, count: headSize)
        if let (entropy, varentropy) = statistics {
            // The rounded probabilities themselves multiply V here.
            var moments = AttentionMoments()
            for p in visible { moments.add(weight: r(row.scores[p] * inverse)) }
            (entropy.pointee, varentropy.pointee) = moments.entropyAndVarentropy
        }
    }
}

/// PyTorch's float32 softmax over the last dimension on AVX-512 (`_vec_softmax_lastdim`):
/// exp from SLEEF's `expf_u10` on every lane, the sum accumulated per lane (column mod 16) and
/// reduced by halves, then each exp multiplied by 1/sum. Reproducing it makes Gemma-2's eager
/// probabilities round to the same bf16 values as transformers'.
enum TorchSoftmax {
    /// SLEEF `xexpf` (u10) with fused multiply-adds, as the AVX-512 build computes it.
    static func exp(_ d: Float) -> Float {
        if d.isNaN { return d }
        if d < -104 { return 0 }
        if d > 100 { return .infinity }
        let q = (d * 1.442_695_040_888_963_407_36).rounded(.toNearestOrEven)
        var s = d.addingProduct(q, -0.693_145_751_953_125)
        s = s.addingProduct(q, -1.428_606_765_330_187_045e-06)
        var u: Float = 0.000_198_527_617_612_853_646_278_381
        u = Float(0.001_393_043_552_525_341_510_772_71).addingProduct(u, s)
        u = Float(0.008_333_360_776_305_198_669_433_59).addingProduct(u, s)
        u = Float(0.041_666_485_369_205_474_853_515_6).addingProduct(u, s)
        u = Float(0.166_666_671_633_720_397_949_219).addingProduct(u, s)
        u = Float(0.5).addingProduct(u, s)
        u = 1 + s.addingProduct(s * s, u)
        // ldexp in two steps, as SLEEF's vldexp2 does, so no power of two overflows.
        let n = Int(q), half = n >> 1
        return u * powerOfTwo(half) * powerOfTwo(n - half)
    }

    /// Lane sums reduced by halves (16 → 8 → 4 → 2 → 1), as `vec_reduce_all` adds them.
    static func sum(_ lanes: SIMD16<Float>) -> Float {
        let eight = lanes.lowHalf + lanes.highHalf
        let four = eight.lowHalf + eight.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }

    private static func powerOfTwo(_ n: Int) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: n + 127) << 23) }
}

/// Constants and the exp approximation of PyTorch's fused CPU attention kernel
/// (aten/src/ATen/native/cpu/FlashAttentionKernel.cpp, torch 2.15) as it runs on AVX-512.
enum TorchFlashAttention {
    /// Keys per block of the online softmax (`kv_split_size`).
    static let keyBlock = 512
    /// float32 lanes of an AVX-512 vector: the vector loop's exp covers whole vectors, the scalar
    /// tail uses `std::exp`.
    static let lanes = 16

    /// `Vectorized<float>::fexp_u20`: 2^(x·log2 e) with the fraction's 2^f from a cubic, written
    /// straight into the float's bits. Accurate to about bf16 precision, not float32's — which is
    /// why Nucleus must use the same formula to round the same probabilities to bf16.
    static func fexpU20(_ x: Float) -> Float {
        if x.isNaN { return x }
        if x < Float(bitPattern: 0xC2AE_AC50) { return 0 }         // below ln(FLT_MIN)
        if x > Float(bitPattern: 0x42B1_7218) { return .infinity }  // above ln(FLT_MAX)
        let c0: Float = 0.000_107_034_349_484_582_72, c1: Float = 0.303_542_605_006_496_82
        let c2: Float = -0.224_338_364_786_723_56, c3: Float = -0.079_204_240_219_773_236
        var source = x * Float(bitPattern: 0x3FB8_AA3B)             // x · log2(e)
        let fraction = source - source.rounded(.down)
        var polynomial = c2.addingProduct(fraction, c3)
        polynomial = c1.addingProduct(fraction, polynomial)
        polynomial = c0.addingProduct(fraction, polynomial)
        source -= polynomial
        let biased = (Float(8_388_608) * 127).addingProduct(8_388_608, source)  // 2²³·(source + 127)
        return Float(bitPattern: UInt32(truncatingIfNeeded: Int64(biased.rounded(.towardZero))))
    }
}
