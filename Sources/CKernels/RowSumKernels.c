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

// Rows in groups of four, each streamed once (a nucleus of a thousand rows is megabytes, so a
// column-blocked order would fetch every row again per block); the sums of four columns are loaded
// once per group and take the four rows' values in row order.
static AVX2 void row_sums_avx2(const float *rows, size_t dimension, const int32_t *ids, const double *weights,
                               size_t count, double *sum, double *weighted) {
    size_t vector_end = dimension / 4 * 4;
    for (size_t j = 0; j < vector_end; j += 4) {
        _mm256_storeu_pd(sum + j, _mm256_setzero_pd());
        _mm256_storeu_pd(weighted + j, _mm256_setzero_pd());
    }
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const float *r[4];
        __m256d w[4];
        for (int g = 0; g < 4; g++) {
            r[g] = rows + (size_t)ids[i + g] * dimension;
            w[g] = _mm256_set1_pd(weights[i + g]);
        }
        for (size_t j = 0; j < vector_end; j += 4) {
            __m256d s = _mm256_loadu_pd(sum + j), t = _mm256_loadu_pd(weighted + j);
            for (int g = 0; g < 4; g++) {
                __m256d value = _mm256_cvtps_pd(_mm_loadu_ps(r[g] + j));
                s = _mm256_add_pd(s, value);
                t = _mm256_add_pd(t, _mm256_mul_pd(w[g], value));
            }
            _mm256_storeu_pd(sum + j, s);
            _mm256_storeu_pd(weighted + j, t);
        }
    }
    for (; i < count; i++) {
        const float *row = rows + (size_t)ids[i] * dimension;
        __m256d w = _mm256_set1_pd(weights[i]);
        for (size_t j = 0; j < vector_end; j += 4) {
            __m256d value = _mm256_cvtps_pd(_mm_loadu_ps(row + j));
            _mm256_storeu_pd(sum + j, _mm256_add_pd(_mm256_loadu_pd(sum + j), value));
            _mm256_storeu_pd(weighted + j, _mm256_add_pd(_mm256_loadu_pd(weighted + j), _mm256_mul_pd(w, value)));
        }
    }
    row_sums_portable(rows, dimension, ids, weights, count, vector_end, sum, weighted);
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
