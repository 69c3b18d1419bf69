// Entropy and varentropy passes in float64 (see MomentKernels.h for the arithmetic contract).
#include "MomentKernels.h"
#include "CKernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define NM_X86 1
#else
#define NM_X86 0
#endif

static double lane_sum(const double lanes[8]) {
    double total = 0;
    for (int l = 0; l < 8; l++) total = total + lanes[l];
    return total;
}

static void first_portable(const float *z, const double *w, size_t count, double maximum, double sums[2]) {
    double partition[8] = {0}, shift_sum[8] = {0};
    for (size_t i = 0; i < count; i++) {
        double shift = (double)z[i] - maximum;
        partition[i % 8] = partition[i % 8] + w[i];
        shift_sum[i % 8] = shift_sum[i % 8] + (w[i] == 0 ? 0 : w[i] * shift);
    }
    sums[0] = lane_sum(partition);
    sums[1] = lane_sum(shift_sum);
}

static void second_portable(const float *z, const double *w, size_t count, double maximum, double partition,
                            double log_partition, double centre, double sums[2]) {
    double entropy[8] = {0}, varentropy[8] = {0};
    for (size_t i = 0; i < count; i++) {
        double p = w[i] / partition;
        double log_p = ((double)z[i] - maximum) - log_partition;
        double centred = log_p + centre;
        entropy[i % 8] = entropy[i % 8] - (w[i] == 0 ? 0 : p * log_p);
        varentropy[i % 8] = varentropy[i % 8] + (w[i] == 0 ? 0 : p * centred * centred);
    }
    sums[0] = lane_sum(entropy);
    sums[1] = lane_sum(varentropy);
}

#if NM_X86
#define AVX2 __attribute__((target("avx2")))

// Lanes 0–3 and 4–7 in two ymm; a zero weight clears its term to +0.

static inline __attribute__((always_inline)) AVX2 double ymm_lane_sum(const __m256d halves[2]) {
    double lanes[8];
    _mm256_storeu_pd(lanes, halves[0]);
    _mm256_storeu_pd(lanes + 4, halves[1]);
    return lane_sum(lanes);
}
static AVX2 void first_avx2(const float *z, const double *w, size_t count, double maximum, double sums[2]) {
    const __m256d m = _mm256_set1_pd(maximum), zero = _mm256_setzero_pd();
    __m256d partition[2] = {zero, zero}, shift_sum[2] = {zero, zero};
    for (size_t i = 0; i < count; i += 8) {
        __m256 narrow = _mm256_loadu_ps(z + i);
        __m256d shift[2] = {_mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(narrow)), m),
                            _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(narrow, 1)), m)};
        for (int h = 0; h < 2; h++) {
            __m256d weight = _mm256_loadu_pd(w + i + 4 * h);
            __m256d dead = _mm256_cmp_pd(weight, zero, _CMP_EQ_OQ);
            partition[h] = _mm256_add_pd(partition[h], weight);
            shift_sum[h] = _mm256_add_pd(shift_sum[h], _mm256_andnot_pd(dead, _mm256_mul_pd(weight, shift[h])));
        }
    }
    sums[0] = ymm_lane_sum(partition);
    sums[1] = ymm_lane_sum(shift_sum);
}

static AVX2 void second_avx2(const float *z, const double *w, size_t count, double maximum, double partition,
                             double log_partition, double centre, double sums[2]) {
    const __m256d m = _mm256_set1_pd(maximum), zero = _mm256_setzero_pd(), total = _mm256_set1_pd(partition);
    const __m256d log_total = _mm256_set1_pd(log_partition), c = _mm256_set1_pd(centre);
    __m256d entropy[2] = {zero, zero}, varentropy[2] = {zero, zero};
    for (size_t i = 0; i < count; i += 8) {
        __m256 narrow = _mm256_loadu_ps(z + i);
        __m256d wide[2] = {_mm256_cvtps_pd(_mm256_castps256_ps128(narrow)), _mm256_cvtps_pd(_mm256_extractf128_ps(narrow, 1))};
        for (int h = 0; h < 2; h++) {
            __m256d weight = _mm256_loadu_pd(w + i + 4 * h);
            __m256d dead = _mm256_cmp_pd(weight, zero, _CMP_EQ_OQ);
            __m256d p = _mm256_div_pd(weight, total);
            __m256d log_p = _mm256_sub_pd(_mm256_sub_pd(wide[h], m), log_total);
            __m256d centred = _mm256_add_pd(log_p, c);
            entropy[h] = _mm256_sub_pd(entropy[h], _mm256_andnot_pd(dead, _mm256_mul_pd(p, log_p)));
            varentropy[h] = _mm256_add_pd(varentropy[h], _mm256_andnot_pd(dead, _mm256_mul_pd(_mm256_mul_pd(p, centred), centred)));
        }
    }
    sums[0] = ymm_lane_sum(entropy);
    sums[1] = ymm_lane_sum(varentropy);
}

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx2")))

static inline __attribute__((always_inline)) AVX512 double zmm_lane_sum(__m512d vector) {
    double lanes[8];
    _mm512_storeu_pd(lanes, vector);
    return lane_sum(lanes);
}

// One zmm is the eight lanes; a zero weight masks its term to +0.
static AVX512 void first_avx512(const float *z, const double *w, size_t count, double maximum, double sums[2]) {
    const __m512d m = _mm512_set1_pd(maximum), zero = _mm512_setzero_pd();
    __m512d partition = zero, shift_sum = zero;
    for (size_t i = 0; i < count; i += 8) {
        __m512d shift = _mm512_sub_pd(_mm512_cvtps_pd(_mm256_loadu_ps(z + i)), m);
        __m512d weight = _mm512_loadu_pd(w + i);
        __mmask8 live = _mm512_cmp_pd_mask(weight, zero, _CMP_NEQ_UQ);
        partition = _mm512_add_pd(partition, weight);
        shift_sum = _mm512_add_pd(shift_sum, _mm512_maskz_mul_pd(live, weight, shift));
    }
    sums[0] = zmm_lane_sum(partition);
    sums[1] = zmm_lane_sum(shift_sum);
}

static AVX512 void second_avx512(const float *z, const double *w, size_t count, double maximum, double partition,
                                 double log_partition, double centre, double sums[2]) {
    const __m512d m = _mm512_set1_pd(maximum), zero = _mm512_setzero_pd(), total = _mm512_set1_pd(partition);
    const __m512d log_total = _mm512_set1_pd(log_partition), c = _mm512_set1_pd(centre);
    __m512d entropy = zero, varentropy = zero;
    for (size_t i = 0; i < count; i += 8) {
        __m512d weight = _mm512_loadu_pd(w + i);
        __mmask8 live = _mm512_cmp_pd_mask(weight, zero, _CMP_NEQ_UQ);
        __m512d p = _mm512_div_pd(weight, total);
        __m512d log_p = _mm512_sub_pd(_mm512_sub_pd(_mm512_cvtps_pd(_mm256_loadu_ps(z + i)), m), log_total);
        __m512d centred = _mm512_add_pd(log_p, c);
        entropy = _mm512_sub_pd(entropy, _mm512_maskz_mul_pd(live, p, log_p));
        varentropy = _mm512_add_pd(varentropy, _mm512_maskz_mul_pd(live, _mm512_mul_pd(p, centred), centred));
    }
    sums[0] = zmm_lane_sum(entropy);
    sums[1] = zmm_lane_sum(varentropy);
}
#endif

void nk_moment_first_pass(int level, const float *logits, const double *weights, size_t count, double maximum,
                          double sums[2]) {
#if NM_X86
    if (level >= NK_LEVEL_AVX512) {
        first_avx512(logits, weights, count, maximum, sums);
        return;
    }
    if (level >= NK_LEVEL_AVX2) {
        first_avx2(logits, weights, count, maximum, sums);
        return;
    }
#endif
    (void)level;
    first_portable(logits, weights, count, maximum, sums);
}

void nk_moment_second_pass(int level, const float *logits, const double *weights, size_t count, double maximum,
                           double partition, double log_partition, double centre, double sums[2]) {
#if NM_X86
    if (level >= NK_LEVEL_AVX512) {
        second_avx512(logits, weights, count, maximum, partition, log_partition, centre, sums);
        return;
    }
    if (level >= NK_LEVEL_AVX2) {
        second_avx2(logits, weights, count, maximum, partition, log_partition, centre, sums);
        return;
    }
#endif
    (void)level;
    second_portable(logits, weights, count, maximum, partition, log_partition, centre, sums);
}
