import CKernels
import Foundation

/// The inner loops of attention over a KV cache (`Sources/CKernels/AttentionKernels.c`): the scores
/// of a group of query heads that share one KV head, and the weighted sum of the cached values.
/// Every level gives the bits of the naive twins below (fused multiply-add chains in a fixed order,
/// see `AttentionKernels.h`), so the level changes speed only.
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

    /// Softmax numerators in place, `FloatExponential.softmaxNumerators` without a visitor, bit for
    /// bit (the same float32 operations, lane order and padding); returns their sum.
    public static func softmaxNumerators(_ row: UnsafeMutablePointer<Float>, count: Int, maximum: Float,
                                         level: KernelLevel = .selected) -> Float {
        nk_softmax_numerators(Int32(level.rawValue), row, count, maximum)
    }

    /// Naive twin of `scores`: per position and head, eight fma lanes, summed first to last.
    public static func referenceScores(queries: UnsafePointer<Float>, headSize: Int, group: Int, keys: UnsafePointer<Float>,
                                       keyStride: Int, positions: Range<Int>, scale: Float, softCap: Float?,
                                       scores: UnsafeMutablePointer<Float>, scoreStride: Int,
                                       maxima: UnsafeMutablePointer<Float>) {
        for p in positions {
            for h in 0..<group {
                let query = queries + h * headSize, key = keys + p * keyStride
                var lanes = [Float](repeating: 0, count: 8)
                let whole = headSize / 8 * 8
                for d in 0..<whole { lanes[d % 8] = lanes[d % 8].addingProduct(query[d], key[d]) }
                var dot = lanes[0]
                for lane in 1..<8 { dot += lanes[lane] }
                for d in whole..<headSize { dot = dot.addingProduct(query[d], key[d]) }
                var score = dot * scale
                if let cap = softCap { score = cap * tanhf(score / cap) }
                scores[h * scoreStride + p] = score
                maxima[h] = max(maxima[h], score)
            }
        }
    }

    /// Naive twin of `weightedValues`: per element, one fma chain over the positions.
    public static func referenceWeightedValues(weights: UnsafePointer<Float>, weightStride: Int,
                                               inverses: UnsafePointer<Float>, group: Int, values: UnsafePointer<Float>,
                                               valueStride: Int, headSize: Int, positions: Range<Int>,
                                               output: UnsafeMutablePointer<Float>) {
        output.update(repeating: 0, count: group * headSize)
        for p in positions {
            for h in 0..<group {
                let alpha = weights[h * weightStride + p] * inverses[h]
                for d in 0..<headSize {
                    output[h * headSize + d] = output[h * headSize + d].addingProduct(alpha, values[p * valueStride + d])
                }
            }
        }
    }
}
