// Attention inner loops (see AttentionKernels.h for the arithmetic contract).
#include "AttentionKernels.h"
#include "CKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// Every product is an explicit fma (fmaf / vfmadd); nothing else may be contracted.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define NA_X86 1
#else
#define NA_X86 0
#endif

#define INLINE static inline __attribute__((always_inline))
// Full unrolling keeps every accumulator in a register (the trip counts are compile-time constants).
#define UNROLL _Pragma("clang loop unroll(full)")

/// The score of one position after the dot product: × scale, then the optional soft cap.
INLINE float finish_score(float dot, float scale, float soft_cap) {
    float score = dot * scale;
    return soft_cap > 0 ? soft_cap * tanhf(score / soft_cap) : score;
}

INLINE void keep_maximum(float *maximum, float score) {
    if (score >= *maximum) *maximum = score;
}

/// Scores of one head for positions p..p+7 from their dot products, and the head's running maximum.
INLINE void finish_block(const float dots[8], float scale, float soft_cap, float *row, float *maximum) {
    for (int j = 0; j < 8; j++) {
        row[j] = finish_score(dots[j], scale, soft_cap);
        keep_maximum(maximum, row[j]);
    }
}

// MARK: - Portable

static float dot_lanes(const float *a, const float *b, size_t n) {
    float lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int l = 0; l < 8; l++) lanes[l] = fmaf(a[i + l], b[i + l], lanes[l]);
    float sum = lanes[0];
    for (int l = 1; l < 8; l++) sum = sum + lanes[l];
    for (; i < n; i++) sum = fmaf(a[i], b[i], sum);
    return sum;
}

static void scores_portable(const float *queries, size_t head_size, size_t group, const float *keys, size_t key_stride,
                            size_t first, size_t count, float scale, float soft_cap, float *scores, size_t score_stride,
                            float *maxima) {
    for (size_t p = first; p < first + count; p++) {
        for (size_t h = 0; h < group; h++) {
            float score = finish_score(dot_lanes(queries + h * head_size, keys + p * key_stride, head_size), scale, soft_cap);
            scores[h * score_stride + p] = score;
            keep_maximum(&maxima[h], score);
        }
    }
}

/// Output elements [d_begin, head_size) of every head, one fma chain each in position order.
/// The portable level runs it over whole heads; AVX2 over the elements past the last multiple of 8.
static void values_columns(const float *weights, size_t weight_stride, const float *inverses, size_t group,
                           const float *values, size_t value_stride, size_t head_size, size_t d_begin, size_t first,
                           size_t count, float *output) {
    for (size_t h = 0; h < group; h++)
        for (size_t d = d_begin; d < head_size; d++) output[h * head_size + d] = 0;
    for (size_t p = first; p < first + count; p++) {
        const float *value = values + p * value_stride;
        for (size_t h = 0; h < group; h++) {
            float alpha = weights[h * weight_stride + p] * inverses[h];
            float *out = output + h * head_size;
            for (size_t d = d_begin; d < head_size; d++) out[d] = fmaf(alpha, value[d], out[d]);
        }
    }
}

// MARK: - Softmax numerators (FloatExponential.exp's float32 operations, mul and add unfused)

static const float fx_lowest = -87.33f, fx_highest = 88.0f, fx_shifter = 12582912.0f, fx_log2e = 1.44269504f;
static const float fx_ln2_high = 0.693359375f, fx_ln2_low = -2.1219444e-4f;
static const float fx_poly[6] = {1.98756915e-4f, 1.39819995e-3f, 8.3334519e-3f, 4.16657959e-2f, 1.66666655e-1f, 5.0000001e-1f};

static float float_exponential(float x) {
    float clamped = x < fx_lowest ? fx_lowest : x;
    if (x > fx_highest) clamped = fx_highest;
    float shifted = clamped * fx_log2e + fx_shifter;
    float k = shifted - fx_shifter;
    float r = (clamped - k * fx_ln2_high) - k * fx_ln2_low;
    float p = fx_poly[0];
    for (int n = 1; n < 6; n++) p = p * r + fx_poly[n];
    float power = p * r * r + r + 1;
    uint32_t bits;
    memcpy(&bits, &shifted, 4);
    bits = (bits + 127) << 23;
    float scale;
    memcpy(&scale, &bits, 4);
    float scaled = power * scale;
    return x < fx_lowest ? 0 : x > fx_highest ? INFINITY : x != x ? x : scaled;
}

static float softmax_portable(float *row, size_t count, float maximum) {
    float lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t start = 0; start < count; start += 8) {
        for (size_t l = 0; l < 8; l++) {
            float weight = float_exponential(start + l < count ? row[start + l] - maximum : -INFINITY);
            lanes[l] = lanes[l] + weight;
            if (start + l < count) row[start + l] = weight;
        }
    }
    float sum = lanes[0];
    for (int l = 1; l < 8; l++) sum = sum + lanes[l];
    return sum;
}

#if NA_X86
#define AVX2 __attribute__((target("avx2,fma")))

// MARK: - AVX2 scores: eight positions at once per head

/// out[l][j] = rows[j][l]: the eight lane vectors of eight positions, lane-major.
INLINE AVX2 void transpose8(const __m256 rows[8], __m256 out[8]) {
    __m256 t0 = _mm256_unpacklo_ps(rows[0], rows[1]), t1 = _mm256_unpackhi_ps(rows[0], rows[1]);
    __m256 t2 = _mm256_unpacklo_ps(rows[2], rows[3]), t3 = _mm256_unpackhi_ps(rows[2], rows[3]);
    __m256 t4 = _mm256_unpacklo_ps(rows[4], rows[5]), t5 = _mm256_unpackhi_ps(rows[4], rows[5]);
    __m256 t6 = _mm256_unpacklo_ps(rows[6], rows[7]), t7 = _mm256_unpackhi_ps(rows[6], rows[7]);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    out[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
    out[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
    out[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
    out[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
    out[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
    out[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
    out[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
    out[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/// Dot products of one query head with the keys of positions p..p+7, in the contract's order.
INLINE AVX2 void dot8(const float *query, const float *keys, size_t key_stride, size_t head_size, float out[8]) {
    __m256 acc[8];
    UNROLL for (int j = 0; j < 8; j++) acc[j] = _mm256_setzero_ps();
    size_t d = 0;
    for (; d + 8 <= head_size; d += 8) {
        __m256 q = _mm256_loadu_ps(query + d);
        UNROLL for (int j = 0; j < 8; j++)
            acc[j] = _mm256_fmadd_ps(q, _mm256_loadu_ps(keys + j * key_stride + d), acc[j]);
    }
    // Lanes added first to last, all eight positions in one vector.
    __m256 lanes[8];
    transpose8(acc, lanes);
    __m256 sum = lanes[0];
    UNROLL for (int l = 1; l < 8; l++) sum = _mm256_add_ps(sum, lanes[l]);
    _mm256_storeu_ps(out, sum);
    for (; d < head_size; d++)
        for (int j = 0; j < 8; j++) out[j] = fmaf(query[d], keys[j * key_stride + d], out[j]);
}

/// One position's dot product in the contract's order.
INLINE AVX2 float dot1(const float *query, const float *key, size_t head_size) {
    __m256 acc = _mm256_setzero_ps();
    size_t d = 0;
    for (; d + 8 <= head_size; d += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(query + d), _mm256_loadu_ps(key + d), acc);
    float lanes[8];
    _mm256_storeu_ps(lanes, acc);
    float sum = lanes[0];
    UNROLL for (int l = 1; l < 8; l++) sum = sum + lanes[l];
    for (; d < head_size; d++) sum = fmaf(query[d], key[d], sum);
    return sum;
}

static AVX2 void scores_avx2(const float *queries, size_t head_size, size_t group, const float *keys, size_t key_stride,
                             size_t first, size_t count, float scale, float soft_cap, float *scores, size_t score_stride,
                             float *maxima) {
    size_t p = first, end = first + count;
    for (; p + 8 <= end; p += 8) {
        for (size_t h = 0; h < group; h++) {
            float dots[8];
            dot8(queries + h * head_size, keys + p * key_stride, key_stride, head_size, dots);
            finish_block(dots, scale, soft_cap, scores + h * score_stride + p, &maxima[h]);
        }
    }
    // The last positions one at a time, still in vector lanes (and with the fma instruction, where
    // the portable path would call libm's fmaf per element).
    for (; p < end; p++) {
        for (size_t h = 0; h < group; h++) {
            float score = finish_score(dot1(queries + h * head_size, keys + p * key_stride, head_size), scale, soft_cap);
            scores[h * score_stride + p] = score;
            keep_maximum(&maxima[h], score);
        }
    }
}

// MARK: - AVX2 values: up to three heads × 32 elements in twelve accumulators

// One pass over the positions for `heads` heads × `vectors` vectors of output elements, each
// accumulator in a register; written once for both vector widths (per element the same fma chain).
#define VALUES_BLOCK(NAME, TARGET, VECTOR, LANES, MAX_HEADS, ZERO, LOAD, BROADCAST, FMA, STORE)                \
    INLINE TARGET void NAME(const int heads, const int vectors, const float *weights, size_t weight_stride,     \
                            const float *inverses, const float *values, size_t value_stride, size_t first,      \
                            size_t count, float *output, size_t head_size) {                                   \
        VECTOR acc[MAX_HEADS][4];                                                                              \
        UNROLL for (int h = 0; h < heads; h++)                                                                 \
            UNROLL for (int v = 0; v < vectors; v++) acc[h][v] = ZERO();                                       \
        for (size_t p = first; p < first + count; p++) {                                                       \
            const float *value = values + p * value_stride;                                                    \
            VECTOR x[4];                                                                                       \
            UNROLL for (int v = 0; v < vectors; v++) x[v] = LOAD(value + LANES * v);                           \
            UNROLL for (int h = 0; h < heads; h++) {                                                           \
                VECTOR alpha = BROADCAST(weights[h * weight_stride + p] * inverses[h]);                        \
                UNROLL for (int v = 0; v < vectors; v++) acc[h][v] = FMA(alpha, x[v], acc[h][v]);              \
            }                                                                                                  \
        }                                                                                                      \
        UNROLL for (int h = 0; h < heads; h++)                                                                 \
            UNROLL for (int v = 0; v < vectors; v++) STORE(output + h * head_size + LANES * v, acc[h][v]);     \
    }

// Dispatch of one block to its instantiation with constant sizes.
#define VALUES_ARGS weights, weight_stride, inverses, values, value_stride, first, count, output, head_size
#define VALUES_VECTORS(BLOCK, H)                                                                               \
    switch (vectors) {                                                                                         \
    case 1: BLOCK(H, 1, VALUES_ARGS); break;                                                                   \
    case 2: BLOCK(H, 2, VALUES_ARGS); break;                                                                   \
    case 3: BLOCK(H, 3, VALUES_ARGS); break;                                                                   \
    default: BLOCK(H, 4, VALUES_ARGS); break;                                                                  \
    }

VALUES_BLOCK(values_block, AVX2, __m256, 8, 3, _mm256_setzero_ps, _mm256_loadu_ps, _mm256_set1_ps, _mm256_fmadd_ps,
             _mm256_storeu_ps)

/// One block of `heads` heads × `vectors`·8 elements.
static AVX2 void values_tile(int heads, int vectors, const float *weights, size_t weight_stride, const float *inverses,
                             const float *values, size_t value_stride, size_t first, size_t count, float *output,
                             size_t head_size) {
    switch (heads) {
    case 1: VALUES_VECTORS(values_block, 1) break;
    case 2: VALUES_VECTORS(values_block, 2) break;
    default: VALUES_VECTORS(values_block, 3) break;
    }
}

/// Output elements [d_begin, head_size) of every head: ymm blocks up to the last multiple of 8,
/// scalar chains after it.
static AVX2 void values_avx2(const float *weights, size_t weight_stride, const float *inverses, size_t group,
                             const float *values, size_t value_stride, size_t head_size, size_t d_begin, size_t first,
                             size_t count, float *output) {
    size_t whole = head_size / 8 * 8;
    for (size_t h0 = 0; h0 < group; h0 += 3) {
        int heads = group - h0 < 3 ? (int)(group - h0) : 3;
        for (size_t d0 = d_begin; d0 < whole; d0 += 32) {
            int vectors = whole - d0 < 32 ? (int)((whole - d0) / 8) : 4;
            values_tile(heads, vectors, weights + h0 * weight_stride, weight_stride, inverses + h0, values + d0,
                        value_stride, first, count, output + h0 * head_size + d0, head_size);
        }
    }
    if (whole < head_size)
        values_columns(weights, weight_stride, inverses, group, values, value_stride, head_size, whole, first, count,
                       output);
}

// MARK: - AVX-512 scores: two heads × eight positions per pass
//
// One zmm holds head h's eight lanes in its low half and head h+1's in its high half; each key
// chunk is loaded once, into both halves. Per lane these are dot8's operations (the fma chain over
// d, then the lanes added first to last), so the scores are the AVX2 and portable ones.

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx2,fma")))

/// Per 256-bit half, out[l][j] = rows[j][l]: transpose8 on both halves at once.
INLINE AVX512 void transpose8x2(const __m512 rows[8], __m512 out[8]) {
    __m512 t0 = _mm512_unpacklo_ps(rows[0], rows[1]), t1 = _mm512_unpackhi_ps(rows[0], rows[1]);
    __m512 t2 = _mm512_unpacklo_ps(rows[2], rows[3]), t3 = _mm512_unpackhi_ps(rows[2], rows[3]);
    __m512 t4 = _mm512_unpacklo_ps(rows[4], rows[5]), t5 = _mm512_unpackhi_ps(rows[4], rows[5]);
    __m512 t6 = _mm512_unpacklo_ps(rows[6], rows[7]), t7 = _mm512_unpackhi_ps(rows[6], rows[7]);
    __m512 u0 = _mm512_shuffle_ps(t0, t2, 0x44), u1 = _mm512_shuffle_ps(t0, t2, 0xEE);
    __m512 u2 = _mm512_shuffle_ps(t1, t3, 0x44), u3 = _mm512_shuffle_ps(t1, t3, 0xEE);
    __m512 u4 = _mm512_shuffle_ps(t4, t6, 0x44), u5 = _mm512_shuffle_ps(t4, t6, 0xEE);
    __m512 u6 = _mm512_shuffle_ps(t5, t7, 0x44), u7 = _mm512_shuffle_ps(t5, t7, 0xEE);
    // permute2f128's 0x20 and 0x31 within each half: 128-bit blocks (a0, b0 | a2, b2), (a1, b1 | a3, b3).
    const __m512i first = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
    const __m512i second = _mm512_setr_epi32(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
    out[0] = _mm512_permutex2var_ps(u0, first, u4);
    out[1] = _mm512_permutex2var_ps(u1, first, u5);
    out[2] = _mm512_permutex2var_ps(u2, first, u6);
    out[3] = _mm512_permutex2var_ps(u3, first, u7);
    out[4] = _mm512_permutex2var_ps(u0, second, u4);
    out[5] = _mm512_permutex2var_ps(u1, second, u5);
    out[6] = _mm512_permutex2var_ps(u2, second, u6);
    out[7] = _mm512_permutex2var_ps(u3, second, u7);
}

/// dot8 for heads `query` and `query + head_size` at once: out[0..8) and out[8..16).
INLINE AVX512 void dot8x2(const float *query, const float *keys, size_t key_stride, size_t head_size, float out[16]) {
    __m512 acc[8];
    UNROLL for (int j = 0; j < 8; j++) acc[j] = _mm512_setzero_ps();
    size_t d = 0;
    for (; d + 8 <= head_size; d += 8) {
        __m512 q = _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castps_pd(_mm512_castps256_ps512(_mm256_loadu_ps(query + d))),
                                                       _mm256_castps_pd(_mm256_loadu_ps(query + head_size + d)), 1));
        UNROLL for (int j = 0; j < 8; j++) {
            __m512 k = _mm512_castpd_ps(_mm512_broadcast_f64x4(_mm256_loadu_pd((const double *)(keys + j * key_stride + d))));
            acc[j] = _mm512_fmadd_ps(q, k, acc[j]);
        }
    }
    __m512 lanes[8];
    transpose8x2(acc, lanes);
    __m512 sum = lanes[0];
    UNROLL for (int l = 1; l < 8; l++) sum = _mm512_add_ps(sum, lanes[l]);
    _mm512_storeu_ps(out, sum);
    for (; d < head_size; d++)
        for (int j = 0; j < 8; j++) {
            out[j] = fmaf(query[d], keys[j * key_stride + d], out[j]);
            out[8 + j] = fmaf(query[head_size + d], keys[j * key_stride + d], out[8 + j]);
        }
}

static AVX512 void scores_avx512(const float *queries, size_t head_size, size_t group, const float *keys,
                                 size_t key_stride, size_t first, size_t count, float scale, float soft_cap,
                                 float *scores, size_t score_stride, float *maxima) {
    size_t p = first, end = first + count;
    for (; p + 8 <= end; p += 8) {
        size_t h = 0;
        for (; h + 2 <= group; h += 2) {
            float dots[16];
            dot8x2(queries + h * head_size, keys + p * key_stride, key_stride, head_size, dots);
            finish_block(dots, scale, soft_cap, scores + h * score_stride + p, &maxima[h]);
            finish_block(dots + 8, scale, soft_cap, scores + (h + 1) * score_stride + p, &maxima[h + 1]);
        }
        if (h < group) {
            float dots[8];
            dot8(queries + h * head_size, keys + p * key_stride, key_stride, head_size, dots);
            finish_block(dots, scale, soft_cap, scores + h * score_stride + p, &maxima[h]);
        }
    }
    // Fewer than eight positions left: AVX2's one-at-a-time loop.
    scores_avx2(queries, head_size, group, keys, key_stride, p, end - p, scale, soft_cap, scores, score_stride, maxima);
}

// MARK: - AVX-512 values: up to six heads × 64 elements in 24 accumulators
//
// Each output element is its own fma chain in position order, so a wider vector changes no bit;
// one pass over the positions now covers a whole 64-element head where AVX2 needs two.

VALUES_BLOCK(values_block512, AVX512, __m512, 16, 6, _mm512_setzero_ps, _mm512_loadu_ps, _mm512_set1_ps,
             _mm512_fmadd_ps, _mm512_storeu_ps)

static AVX512 void values_tile512(int heads, int vectors, const float *weights, size_t weight_stride,
                                  const float *inverses, const float *values, size_t value_stride, size_t first,
                                  size_t count, float *output, size_t head_size) {
    switch (heads) {
    case 1: VALUES_VECTORS(values_block512, 1) break;
    case 2: VALUES_VECTORS(values_block512, 2) break;
    case 3: VALUES_VECTORS(values_block512, 3) break;
    case 4: VALUES_VECTORS(values_block512, 4) break;
    case 5: VALUES_VECTORS(values_block512, 5) break;
    default: VALUES_VECTORS(values_block512, 6) break;
    }
}

static AVX512 void values_avx512(const float *weights, size_t weight_stride, const float *inverses, size_t group,
                                 const float *values, size_t value_stride, size_t head_size, size_t first, size_t count,
                                 float *output) {
    size_t whole = head_size / 16 * 16;
    for (size_t h0 = 0; h0 < group; h0 += 6) {
        int heads = group - h0 < 6 ? (int)(group - h0) : 6;
        for (size_t d0 = 0; d0 < whole; d0 += 64) {
            int vectors = whole - d0 < 64 ? (int)((whole - d0) / 16) : 4;
            values_tile512(heads, vectors, weights + h0 * weight_stride, weight_stride, inverses + h0, values + d0,
                           value_stride, first, count, output + h0 * head_size + d0, head_size);
        }
    }
    if (whole < head_size)
        values_avx2(weights, weight_stride, inverses, group, values, value_stride, head_size, whole, first, count, output);
}

INLINE AVX2 __m256 float_exponential8(__m256 x) {
    const __m256 lowest = _mm256_set1_ps(fx_lowest), highest = _mm256_set1_ps(fx_highest), shifter = _mm256_set1_ps(fx_shifter);
    __m256 below = _mm256_cmp_ps(x, lowest, _CMP_LT_OQ), above = _mm256_cmp_ps(x, highest, _CMP_GT_OQ);
    __m256 clamped = _mm256_blendv_ps(_mm256_blendv_ps(x, lowest, below), highest, above);
    __m256 shifted = _mm256_add_ps(_mm256_mul_ps(clamped, _mm256_set1_ps(fx_log2e)), shifter);
    __m256 k = _mm256_sub_ps(shifted, shifter);
    __m256 r = _mm256_sub_ps(_mm256_sub_ps(clamped, _mm256_mul_ps(k, _mm256_set1_ps(fx_ln2_high))),
                             _mm256_mul_ps(k, _mm256_set1_ps(fx_ln2_low)));
    __m256 p = _mm256_set1_ps(fx_poly[0]);
    for (int n = 1; n < 6; n++) p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(fx_poly[n]));
    __m256 power = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(p, r), r), r), _mm256_set1_ps(1));
    __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(127)), 23);
    __m256 scaled = _mm256_mul_ps(power, _mm256_castsi256_ps(bits));
    scaled = _mm256_blendv_ps(scaled, _mm256_setzero_ps(), below);
    scaled = _mm256_blendv_ps(scaled, _mm256_set1_ps(INFINITY), above);
    return _mm256_blendv_ps(scaled, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

/// Entries [start, count) eight at a time into `lanes`, then the lanes' sum.
INLINE AVX2 float softmax_lanes(float *row, size_t start, size_t count, float maximum, __m256 lanes) {
    const __m256 m = _mm256_set1_ps(maximum);
    for (; start + 8 <= count; start += 8) {
        __m256 weights = float_exponential8(_mm256_sub_ps(_mm256_loadu_ps(row + start), m));
        lanes = _mm256_add_ps(lanes, weights);
        _mm256_storeu_ps(row + start, weights);
    }
    if (start < count) {
        float block[8];
        for (size_t l = 0; l < 8; l++) block[l] = start + l < count ? row[start + l] - maximum : -INFINITY;
        __m256 weights = float_exponential8(_mm256_loadu_ps(block));
        lanes = _mm256_add_ps(lanes, weights);
        _mm256_storeu_ps(block, weights);
        for (size_t l = 0; start + l < count; l++) row[start + l] = block[l];
    }
    float out[8];
    _mm256_storeu_ps(out, lanes);
    float sum = out[0];
    for (int l = 1; l < 8; l++) sum = sum + out[l];
    return sum;
}

INLINE AVX512 __m512 float_exponential16(__m512 x) {
    const __m512 lowest = _mm512_set1_ps(fx_lowest), highest = _mm512_set1_ps(fx_highest), shifter = _mm512_set1_ps(fx_shifter);
    __mmask16 below = _mm512_cmp_ps_mask(x, lowest, _CMP_LT_OQ), above = _mm512_cmp_ps_mask(x, highest, _CMP_GT_OQ);
    __m512 clamped = _mm512_mask_blend_ps(above, _mm512_mask_blend_ps(below, x, lowest), highest);
    __m512 shifted = _mm512_add_ps(_mm512_mul_ps(clamped, _mm512_set1_ps(fx_log2e)), shifter);
    __m512 k = _mm512_sub_ps(shifted, shifter);
    __m512 r = _mm512_sub_ps(_mm512_sub_ps(clamped, _mm512_mul_ps(k, _mm512_set1_ps(fx_ln2_high))),
                             _mm512_mul_ps(k, _mm512_set1_ps(fx_ln2_low)));
    __m512 p = _mm512_set1_ps(fx_poly[0]);
    for (int n = 1; n < 6; n++) p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(fx_poly[n]));
    __m512 power = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(_mm512_mul_ps(p, r), r), r), _mm512_set1_ps(1));
    __m512i bits = _mm512_slli_epi32(_mm512_add_epi32(_mm512_castps_si512(shifted), _mm512_set1_epi32(127)), 23);
    __m512 scaled = _mm512_mul_ps(power, _mm512_castsi512_ps(bits));
    scaled = _mm512_mask_blend_ps(below, scaled, _mm512_setzero_ps());
    scaled = _mm512_mask_blend_ps(above, scaled, _mm512_set1_ps(INFINITY));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q), scaled, x);
}

/// Sixteen entries a step; the two halves go into the eight lanes one after the other, as two
/// AVX2 steps would add them.
static AVX512 float softmax_avx512(float *row, size_t count, float maximum) {
    const __m512 m = _mm512_set1_ps(maximum);
    __m256 lanes = _mm256_setzero_ps();
    size_t start = 0;
    for (; start + 16 <= count; start += 16) {
        __m512 weights = float_exponential16(_mm512_sub_ps(_mm512_loadu_ps(row + start), m));
        _mm512_storeu_ps(row + start, weights);
        lanes = _mm256_add_ps(lanes, _mm512_castps512_ps256(weights));
        lanes = _mm256_add_ps(lanes, _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(weights), 1)));
    }
    return softmax_lanes(row, start, count, maximum, lanes);
}

static AVX2 float softmax_avx2(float *row, size_t count, float maximum) {
    return softmax_lanes(row, 0, count, maximum, _mm256_setzero_ps());
}
#endif

float nk_softmax_numerators(int level, float *row, size_t count, float maximum) {
#if NA_X86
    if (level >= NK_LEVEL_AVX512) return softmax_avx512(row, count, maximum);
    if (level >= NK_LEVEL_AVX2) return softmax_avx2(row, count, maximum);
#endif
    (void)level;
    return softmax_portable(row, count, maximum);
}

void nk_attention_scores(int level, const float *queries, size_t head_size, size_t group, const float *keys,
                         size_t key_stride, size_t first, size_t count, float scale, float soft_cap, float *scores,
                         size_t score_stride, float *maxima) {
#if NA_X86
    if (level >= NK_LEVEL_AVX512) {
        scores_avx512(queries, head_size, group, keys, key_stride, first, count, scale, soft_cap, scores, score_stride, maxima);
        return;
    }
    if (level >= NK_LEVEL_AVX2) {
        scores_avx2(queries, head_size, group, keys, key_stride, first, count, scale, soft_cap, scores, score_stride, maxima);
        return;
    }
#endif
    (void)level;
    scores_portable(queries, head_size, group, keys, key_stride, first, count, scale, soft_cap, scores, score_stride, maxima);
}

void nk_attention_values(int level, const float *weights, size_t weight_stride, const float *inverses, size_t group,
                         const float *values, size_t value_stride, size_t head_size, size_t first, size_t count,
                         float *output) {
#if NA_X86
    if (level >= NK_LEVEL_AVX512) {
        values_avx512(weights, weight_stride, inverses, group, values, value_stride, head_size, first, count, output);
        return;
    }
    if (level >= NK_LEVEL_AVX2) {
        values_avx2(weights, weight_stride, inverses, group, values, value_stride, head_size, 0, first, count, output);
        return;
    }
#endif
    (void)level;
    values_columns(weights, weight_stride, inverses, group, values, value_stride, head_size, 0, first, count, output);
}
