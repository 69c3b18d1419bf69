import CKernels
import Foundation

/// The inner loops of attention over a KV cache (`Sources/CKernels/AttentionKernels.c`): the scores
/// of a group of query heads that share one KV head, and the weighted sum of the cached values.
/// Every level gives the bits of the naive twins below (`VectorOps.dot`'s order for scores,
/// `VectorOps.axpy`'s for values), so the level changes speed only.
public enum AttentionKernels {
    /// scores[h·scoreStride + p] = dot(q_h, k_p)·scale (soft-capped when `softCap` is set) for
    /// heads h < group (q_h = queries + h·headSize) and p in `positions` (k_p = keys + p·keyStride);
    /// maxima[h] = max(maxima[h], every new score).
    public static func scores(queries: UnsafePointer<Float>, headSize: Int, group: Int, keys: UnsafePointer<Float>,
                              keyStride: Int, positions: Range<Int>, scale: Float, softCap: Float?,
                              scores: UnsafeMutablePointer<Float>, scoreStride: Int, maxima: UnsafeMutablePointer<Float>,
                              level: KernelLevel = .selected) {
        nk_attention_scores(Int32(level.rawValue), queries, headSize, group, keys, keyStride, positions.lowerBound,
                            positions.count, scale, softCap ?? 0, scores, scoreStride, maxima)
    }

    /// output[h·headSize + d] = Σ_p (weights[h·weightStride + p]·inverses[h])·v_p[d] over `positions`
    /// in order, from 0, for heads h < group (v_p = values + p·valueStride).
    public static func weightedValues(weights: UnsafePointer<Float>, weightStride: Int, inverses: UnsafePointer<Float>,
                                      group: Int, values: UnsafePointer<Float>, valueStride: Int, headSize: Int,
                                      positions: Range<Int>, output: UnsafeMutablePointer<Float>,
                                      level: KernelLevel = .selected) {
        nk_attention_values(Int32(level.rawValue), weights, weightStride, inverses, group, values, valueStride, headSize,
                            positions.lowerBound, positions.count, output)
    }

    /// Naive twin of `scores`, one `VectorOps.dot` per position and head.
    public static func referenceScores(queries: UnsafePointer<Float>, headSize: Int, group: Int, keys: UnsafePointer<Float>,
                                       keyStride: Int, positions: Range<Int>, scale: Float, softCap: Float?,
                                       scores: UnsafeMutablePointer<Float>, scoreStride: Int,
                                       maxima: UnsafeMutablePointer<Float>) {
        for p in positions {
            for h in 0..<group {
                var score = VectorOps.dot(queries + h * headSize, keys + p * keyStride, count: headSize) * scale
                if let cap = softCap { score = cap * tanhf(score / cap) }
                scores[h * scoreStride + p] = score
                maxima[h] = max(maxima[h], score)
            }
        }
    }

    /// Naive twin of `weightedValues`, one `VectorOps.axpy` per position and head.
    public static func referenceWeightedValues(weights: UnsafePointer<Float>, weightStride: Int,
                                               inverses: UnsafePointer<Float>, group: Int, values: UnsafePointer<Float>,
                                               valueStride: Int, headSize: Int, positions: Range<Int>,
                                               output: UnsafeMutablePointer<Float>) {
        output.update(repeating: 0, count: group * headSize)
        for p in positions {
            for h in 0..<group {
                VectorOps.axpy(weights[h * weightStride + p] * inverses[h], values + p * valueStride,
                               output + h * headSize, count: headSize)
            }
        }
    }
}
