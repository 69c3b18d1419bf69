// Float64 sums of embedding rows (see RowSumKernels.h for the arithmetic contract).
#include "RowSumKernels.h"
#include "CKernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define NR_X86 1
#else
#define NR_X86 0
#endif

static void row_sums_portable(const float *rows, size_t dimension, const int32_t *ids, const double *weights,
                              size_t count, size_t from, double *sum, double *weighted) {
    for (size_t j = from; j < dimension; j++) sum[j] = weighted[j] = 0;
    for (size_t i = 0; i < count; i++) {
        const float *row = rows + (size_t)ids[i] * dimension;
        double w = weights[i];
        for (size_t j = from; j < dimension; j++) {
            double value = (double)row[j];
            sum[j] += value;
            weighted[j] += w * value;
        }
    }
}

#if NR_X86
#define AVX2 __attribute__((target("avx2")))

// Sixteen columns at a time, their 2 × 4 accumulators in registers across all the rows.
static AVX2 void row_sums_avx2(const float *rows, size_t dimension, const int32_t *ids, const double *weights,
                               size_t count, double *sum, double *weighted) {
    size_t j = 0;
    for (; j + 16 <= dimension; j += 16) {
        __m256d s[4], t[4];
        for (int v = 0; v < 4; v++) s[v] = t[v] = _mm256_setzero_pd();
        for (size_t i = 0; i < count; i++) {
            const float *row = rows + (size_t)ids[i] * dimension + j;
            __m256d w = _mm256_set1_pd(weights[i]);
            for (int v = 0; v < 4; v++) {
                __m256d value = _mm256_cvtps_pd(_mm_loadu_ps(row + 4 * v));
                s[v] = _mm256_add_pd(s[v], value);
                t[v] = _mm256_add_pd(t[v], _mm256_mul_pd(w, value));
            }
        }
        for (int v = 0; v < 4; v++) {
            _mm256_storeu_pd(sum + j + 4 * v, s[v]);
            _mm256_storeu_pd(weighted + j + 4 * v, t[v]);
        }
    }
    row_sums_portable(rows, dimension, ids, weights, count, j, sum, weighted);
}
#endif

void nk_weighted_row_sums(int level, const float *rows, size_t dimension, const int32_t *ids, const double *weights,
                          size_t count, double *sum, double *weighted) {
#if NR_X86
    if (level >= NK_LEVEL_AVX2) {
        row_sums_avx2(rows, dimension, ids, weights, count, sum, weighted);
        return;
    }
#endif
    (void)level;
    row_sums_portable(rows, dimension, ids, weights, count, 0, sum, weighted);
}
