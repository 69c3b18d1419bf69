// Threshold scans over a row (see ScanKernels.h).
#include "ScanKernels.h"
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define NS_X86 1
#else
#define NS_X86 0
#endif

static size_t next_above_portable(const float *row, size_t start, size_t count, float threshold) {
    for (size_t i = start; i < count; i++)
        if (row[i] > threshold) return i;
    return count;
}

#if NS_X86
#define AVX2 __attribute__((target("avx2")))

// 32 entries a step: four ordered compares OR-ed, one movemask test; only a step that holds a hit
// is looked at lane by lane.
static AVX2 size_t next_above_avx2(const float *row, size_t start, size_t count, float threshold) {
    const __m256 t = _mm256_set1_ps(threshold);
    size_t i = start;
    for (; i + 32 <= count; i += 32) {
        __m256 a = _mm256_cmp_ps(_mm256_loadu_ps(row + i), t, _CMP_GT_OQ);
        __m256 b = _mm256_cmp_ps(_mm256_loadu_ps(row + i + 8), t, _CMP_GT_OQ);
        __m256 c = _mm256_cmp_ps(_mm256_loadu_ps(row + i + 16), t, _CMP_GT_OQ);
        __m256 d = _mm256_cmp_ps(_mm256_loadu_ps(row + i + 24), t, _CMP_GT_OQ);
        if (_mm256_movemask_ps(_mm256_or_ps(_mm256_or_ps(a, b), _mm256_or_ps(c, d)))) break;
    }
    return next_above_portable(row, i, count, threshold);
}
#endif

size_t nk_next_above(int level, const float *row, size_t start, size_t count, float threshold) {
#if NS_X86
    if (level >= NK_LEVEL_AVX2) return next_above_avx2(row, start, count, threshold);
#endif
    (void)level;
    return next_above_portable(row, start, count, threshold);
}
