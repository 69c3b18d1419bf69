import Foundation
import Kernels

/// The arithmetic of attention, as the transformers attention a model runs with computes it.
enum AttentionArithmetic: Sendable {
    /// float32 throughout (the reference path).
    case float32
    /// PyTorch's fused CPU kernel (`scaled_dot_product_attention`, transformers' default "sdpa")
    /// on bf16 tensors: scores, the running maximum, exp and their sum in float32; the
    /// unnormalised exp values rounded to bf16 for the product with V, accumulated in float32,
    /// multiplied by 1/sum and rounded once.
    case bfloat16Fused
    /// transformers' `eager_attention_forward` on bf16 tensors (Gemma-2's default: sdpa has no
    /// soft-capping): each tensor operation rounds — q·kᵀ, ×scale, the soft-cap's /cap, tanh and
    /// ×cap; softmax in float32, its probabilities rounded; P·V accumulated in float32, rounded.
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
                     keys: (Int) -> UnsafePointer<Float>, values: (Int) -> UnsafePointer<Float>,
                     output: UnsafeMutablePointer<Float>, threads: Int) {
        let kvDim = kvHeads * headSize
        let group = heads / kvHeads
        let eager = arithmetic == .bfloat16Eager
        let r = BFloat16.rounded
        let longest = items.map { $0.startPosition + $0.count }.max() ?? 0
        let scoreBuffers = UnsafeMutablePointer<Float>.allocate(capacity: max(1, threads * longest))
        defer { scoreBuffers.deallocate() }
        let workItems = items.count * heads
        let lanes = max(1, min(threads, workItems))
        Parallel.forEach(workItems, threads: lanes) { work in
            let item = items[work / heads], head = work % heads
            let kvHead = head / group
            let cachedKeys = keys(item.slot) + kvHead * headSize
            let cachedValues = values(item.slot) + kvHead * headSize
            let scores = scoreBuffers + (work % lanes) * longest
            for t in 0..<item.count {
                let position = item.startPosition + t
                let first = window.map { max(0, position + 1 - $0) } ?? 0
                let query = queries + (item.firstRow + t) * queryStride + head * headSize
                var maximum = -Float.infinity
                for p in first...position {
                    let dot = VectorOps.dot(query, cachedKeys + p * kvDim, count: headSize)
                    var score: Float
                    if eager {
                        score = r(r(dot) * scale)
                        if let cap = softCap { score = r(r(tanhf(r(score / cap))) * cap) }
                    } else {
                        score = dot * scale
                        if let cap = softCap { score = cap * tanhf(score / cap) }
                    }
                    scores[p] = score
                    maximum = max(maximum, score)
                }
                var sum: Float = 0
                for p in first...position {
                    scores[p] = expf(scores[p] - maximum)
                    sum += scores[p]
                }
                let inverse = 1 / sum
                // Eager rounds the normalised probabilities; the fused kernel the raw exp values,
                // dividing by the sum only at the end.
                for p in first...position { scores[p] = eager ? r(scores[p] * inverse) : r(scores[p]) }
                let out = output + (item.firstRow + t) * heads * headSize + head * headSize
                out.update(repeating: 0, count: headSize)
                for p in first...position {
                    VectorOps.axpy(scores[p], cachedValues + p * kvDim, out, count: headSize)
                }
                if !eager { for i in 0..<headSize { out[i] *= inverse } }
                BFloat16.round(out, count: headSize)
            }
        }
    }
}
