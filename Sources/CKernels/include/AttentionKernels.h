// Inner loops of causal attention over a KV cache: the scores of a group of query heads that share
// one KV head, and the probability-weighted sum of the cached values.
//
// Why C: as for the GEMM kernels, AVX2 / AVX-512 need per-function target attributes that Swift
// cannot express (Swift code here is compiled for baseline x86-64, i.e. SSE2).
//
// Arithmetic contract (every level): each score is a dot product in 8 lanes, lane l a fused
// multiply-add chain lane = fma(q[d], k[d], lane) over d ≡ l (mod 8) in d order from +0; the lanes
// added first to last; the elements past the last multiple of 8 then chained on with fma one by
// one; then × scale. Each output element is the chain out = fma(w[p]·inverse, v_p[d], out) in p
// order from +0. Levels therefore give the same bits as each other and as the Swift twins in
// `AttentionKernels.swift`, and a token's result does not depend on its batch or chunk.

#ifndef NUCLEUS_ATTENTION_KERNELS_H
#define NUCLEUS_ATTENTION_KERNELS_H

#include <stddef.h>

/// scores[h·score_stride + p] = dot(q_h, k_p) · scale (then soft_cap·tanh(s / soft_cap) when
/// soft_cap > 0) for the `group` heads q_h = queries + h·head_size and positions p in
/// [first, first + count), k_p = keys + p·key_stride. maxima[h] becomes the larger of itself and
/// every new score (NaN scores never win).
void nk_attention_scores(int level, const float *queries, size_t head_size, size_t group, const float *keys,
                         size_t key_stride, size_t first, size_t count, float scale, float soft_cap, float *scores,
                         size_t score_stride, float *maxima);

/// output[h·head_size + d] = Σ_p (weights[h·weight_stride + p] · inverses[h]) · v_p[d] over p in
/// [first, first + count) in order, from +0, for the `group` heads; v_p = values + p·value_stride.
void nk_attention_values(int level, const float *weights, size_t weight_stride, const float *inverses, size_t group,
                         const float *values, size_t value_stride, size_t head_size, size_t first, size_t count,
                         float *output);

/// Softmax numerators in place: row[i] = e^(row[i] − maximum) for i < count, with the float32
/// exponential of Sources/Kernels/FloatExponential.swift (its operations, so its bits), eight lanes
/// at a time with the last block padded with −∞. Returns the sum: lane l adds the entries
/// i ≡ l (mod 8) in order from +0, then the lanes are added first to last.
float nk_softmax_numerators(int level, float *row, size_t count, float maximum);

#endif
