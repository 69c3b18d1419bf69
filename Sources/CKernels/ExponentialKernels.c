// Row exponentials in float64 (see ExponentialKernels.h for the arithmetic contract).
#include "ExponentialKernels.h"
#include "CKernels.h"

#include <stdint.h>
#include <string.h>

// The contract says multiply, then add: no contraction into fma anywhere in this file.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define NE_X86 1
#else
#define NE_X86 0
#endif

// The constants of Exponential.swift.
static const double log2e = 0x1.71547652b82fep0;
static const double ln2_high = 0x1.62e42fefa3800p-1;
static const double ln2_low = 0x1.ef35793c76730p-45;
static const double shifter = 0x1.8p52;
static const double lowest = -708.39, highest = 709;
// 1/n! for n = 12 down to 0, the Horner coefficients in the order they are applied.
static const double taylor[13] = {
    1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720,
    1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, 1.0 / 1, 1.0 / 1,
};

static double exponential(double x) {
    double clamped = x < lowest ? lowest : (x > highest ? highest : x);
    double shifted = clamped * log2e + shifter;
    double k = shifted - shifter;
    double r = (clamped - k * ln2_high) - k * ln2_low;
    double p = taylor[0];
    for (int n = 1; n < 13; n++) p = p * r + taylor[n];
    uint64_t bits;
    memcpy(&bits, &shifted, 8);
    bits = (bits + 1023) << 52;
    double scale;
    memcpy(&scale, &bits, 8);
    double scaled = p * scale;
    return x < lowest ? 0 : (x > highest ? __builtin_inf() : (x != x ? x : scaled));
}

static void exponentials_portable(const float *z, size_t count, double maximum, double temperature, double *out) {
    for (size_t i = 0; i < count; i++) {
        double shift = (double)z[i] - maximum;
        out[i] = exponential(temperature == 1 ? shift : shift / temperature);
    }
}

#if NE_X86
#define AVX2 __attribute__((target("avx2")))

static inline __attribute__((always_inline)) AVX2 __m256d exponential4(__m256d x) {
    const __m256d low = _mm256_set1_pd(lowest), high = _mm256_set1_pd(highest), shift = _mm256_set1_pd(shifter);
    __m256d below = _mm256_cmp_pd(x, low, _CMP_LT_OQ), above = _mm256_cmp_pd(x, high, _CMP_GT_OQ);
    __m256d clamped = _mm256_blendv_pd(_mm256_blendv_pd(x, low, below), high, above);
    __m256d shifted = _mm256_add_pd(_mm256_mul_pd(clamped, _mm256_set1_pd(log2e)), shift);
    __m256d k = _mm256_sub_pd(shifted, shift);
    __m256d r = _mm256_sub_pd(_mm256_sub_pd(clamped, _mm256_mul_pd(k, _mm256_set1_pd(ln2_high))),
                              _mm256_mul_pd(k, _mm256_set1_pd(ln2_low)));
    __m256d p = _mm256_set1_pd(taylor[0]);
    for (int n = 1; n < 13; n++) p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(taylor[n]));
    __m256i bits = _mm256_slli_epi64(_mm256_add_epi64(_mm256_castpd_si256(shifted), _mm256_set1_epi64x(1023)), 52);
    __m256d scaled = _mm256_mul_pd(p, _mm256_castsi256_pd(bits));
    scaled = _mm256_blendv_pd(scaled, _mm256_setzero_pd(), below);
    scaled = _mm256_blendv_pd(scaled, _mm256_set1_pd(__builtin_inf()), above);
    return _mm256_blendv_pd(scaled, x, _mm256_cmp_pd(x, x, _CMP_UNORD_Q));
}

static AVX2 void exponentials_avx2(const float *z, size_t count, double maximum, double temperature, double *out) {
    const __m256d m = _mm256_set1_pd(maximum), t = _mm256_set1_pd(temperature);
    int divide = temperature != 1;
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256d shift = _mm256_sub_pd(_mm256_cvtps_pd(_mm_loadu_ps(z + i)), m);
        _mm256_storeu_pd(out + i, exponential4(divide ? _mm256_div_pd(shift, t) : shift));
    }
    exponentials_portable(z + i, count - i, maximum, temperature, out + i);
}
#endif

void nk_shifted_exponentials(int level, const float *z, size_t count, double maximum, double temperature, double *out) {
#if NE_X86
    if (level >= NK_LEVEL_AVX2) {
        exponentials_avx2(z, count, maximum, temperature, out);
        return;
    }
#endif
    (void)level;
    exponentials_portable(z, count, maximum, temperature, out);
}
