import Foundation
import Kernels

/// Causal grouped-query attention of new tokens against a sequence's KV cache.
///
/// Each (sequence, head) pair is an independent work item computed in a fixed order, so a token's
/// output is the same bits whether it came in a prefill chunk or a decode step, alone or in a batch.
struct CausalAttention {
    let heads: Int
    let kvHeads: Int
    let headSize: Int
    /// Multiplier of q·k (1/√headSize unless the architecture says otherwise).
    let scale: Float
    /// Tanh soft-capping of scores (Gemma-2), nil when off.
    let softCap: Float?
    /// Only the last `window` positions are visible (sliding-window layers), nil for all.
    let window: Int?
    /// Where scores, probabilities and outputs are rounded (`AttentionArithmetic`).
    var arithmetic: AttentionArithmetic = .float32

    struct Item {
        let slot: Int
        /// First row of this chunk in the step's [tokens × …] buffers.
        let firstRow: Int
        let count: Int
        /// Position of the chunk's first token.
        let startPosition: Int
    }

    /// - Parameters:
    ///   - queries: [rows × queryStride], head h of row r at `queries + r*queryStride + h*headSize`.
    ///   - output: [rows × heads*headSize].
    func run(items: [Item], queries: UnsafePointer<Float>, queryStride: Int,
             keys: (Int) -> UnsafePointer<Float>, values: (Int) -> UnsafePointer<Float>,
             output: UnsafeMutablePointer<Float>, threads: Int) {
        if arithmetic != .float32 {
            return runBFloat16(items: items, queries: queries, queryStride: queryStride, keys: keys, values: values,
                               output: output, threads: threads)
        }
        let kvDim = kvHeads * headSize
        let group = heads / kvHeads
        let longest = items.map { $0.startPosition + $0.count }.max() ?? 0
        let scoreBuffers = UnsafeMutablePointer<Float>.allocate(capacity: max(1, threads * longest))
        defer { scoreBuffers.deallocate() }
        // Work item = (chunk, head); each thread uses its own score buffer, picked by item index.
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
                    var score = VectorOps.dot(query, cachedKeys + p * kvDim, count: headSize) * scale
                    if let cap = softCap { score = cap * tanhf(score / cap) }
                    scores[p] = score
                    maximum = max(maximum, score)
                }
                var sum: Float = 0
                for p in first...position {
                    scores[p] = expf(scores[p] - maximum)
                    sum += scores[p]
                }
                let out = output + (item.firstRow + t) * heads * headSize + head * headSize
                out.update(repeating: 0, count: headSize)
                let inverse = 1 / sum
                for p in first...position {
                    VectorOps.axpy(scores[p] * inverse, cachedValues + p * kvDim, out, count: headSize)
                }
            }
        }
    }
}
