// The float64 exponential of Sources/Kernels/Exponential.swift, shared by the C kernels that take
// exponentials (ExponentialKernels.c: logits rows; ActivationKernels.c: SwiGLU). Private to
// CKernels: every function is static inline, so each file compiles its own copy.
#ifndef NUCLEUS_EXPONENTIAL_MATH_H
#define NUCLEUS_EXPONENTIAL_MATH_H

#include <stdint.h>
#include <string.h>

// The contract says multiply, then add: no contraction into fma in these functions or their callers.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define NK_EXP_X86 1
#else
#define NK_EXP_X86 0
#endif

// The constants of Exponential.swift.
static const double exp_log2e = 0x1.71547652b82fep0;
static const double exp_ln2_high = 0x1.62e42fefa3800p-1;
static const double exp_ln2_low = 0x1.ef35793c76730p-45;
static const double exp_shifter = 0x1.8p52;
static const double exp_lowest = -708.39, exp_highest = 709;
// 1/n! for n = 12 down to 0, the Horner coefficients in the order they are applied.
static const double exp_taylor[13] = {
    1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720,
    1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, 1.0 / 1, 1.0 / 1,
};

static inline double exponential(double x) {
    double clamped = x < exp_lowest ? exp_lowest : (x > exp_highest ? exp_highest : x);
    double shifted = clamped * exp_log2e + exp_shifter;
    double k = shifted - exp_shifter;
    double r = (clamped - k * exp_ln2_high) - k * exp_ln2_low;
    double p = exp_taylor[0];
    for (int n = 1; n < 13; n++) p = p * r + exp_taylor[n];
    uint64_t bits;
    memcpy(&bits, &shifted, 8);
    bits = (bits + 1023) << 52;
    double scale;
    memcpy(&scale, &bits, 8);
    double scaled = p * scale;
    return x < exp_lowest ? 0 : (x > exp_highest ? __builtin_inf() : (x != x ? x : scaled));
}

#if NK_EXP_X86
#define AVX2 __attribute__((target("avx2")))

static inline __attribute__((always_inline)) AVX2 __m256d exponential4(__m256d x) {
    const __m256d low = _mm256_set1_pd(exp_lowest), high = _mm256_set1_pd(exp_highest), shift = _mm256_set1_pd(exp_shifter);
    __m256d below = _mm256_cmp_pd(x, low, _CMP_LT_OQ), above = _mm256_cmp_pd(x, high, _CMP_GT_OQ);
    __m256d clamped = _mm256_blendv_pd(_mm256_blendv_pd(x, low, below), high, above);
    __m256d shifted = _mm256_add_pd(_mm256_mul_pd(clamped, _mm256_set1_pd(exp_log2e)), shift);
    __m256d k = _mm256_sub_pd(shifted, shift);
    __m256d r = _mm256_sub_pd(_mm256_sub_pd(clamped, _mm256_mul_pd(k, _mm256_set1_pd(exp_ln2_high))),
                              _mm256_mul_pd(k, _mm256_set1_pd(exp_ln2_low)));
    __m256d p = _mm256_set1_pd(exp_taylor[0]);
    for (int n = 1; n < 13; n++) p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(exp_taylor[n]));
    __m256i bits = _mm256_slli_epi64(_mm256_add_epi64(_mm256_castpd_si256(shifted), _mm256_set1_epi64x(1023)), 52);
    __m256d scaled = _mm256_mul_pd(p, _mm256_castsi256_pd(bits));
    scaled = _mm256_blendv_pd(scaled, _mm256_setzero_pd(), below);
    scaled = _mm256_blendv_pd(scaled, _mm256_set1_pd(__builtin_inf()), above);
    return _mm256_blendv_pd(scaled, x, _mm256_cmp_pd(x, x, _CMP_UNORD_Q));
}


// exponential4 on eight lanes: the same operations per lane, so the same bits.
#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx2")))

static inline __attribute__((always_inline)) AVX512 __m512d exponential8(__m512d x) {
    const __m512d low = _mm512_set1_pd(exp_lowest), high = _mm512_set1_pd(exp_highest), shift = _mm512_set1_pd(exp_shifter);
    __mmask8 below = _mm512_cmp_pd_mask(x, low, _CMP_LT_OQ), above = _mm512_cmp_pd_mask(x, high, _CMP_GT_OQ);
    __m512d clamped = _mm512_mask_blend_pd(above, _mm512_mask_blend_pd(below, x, low), high);
    __m512d shifted = _mm512_add_pd(_mm512_mul_pd(clamped, _mm512_set1_pd(exp_log2e)), shift);
    __m512d k = _mm512_sub_pd(shifted, shift);
    __m512d r = _mm512_sub_pd(_mm512_sub_pd(clamped, _mm512_mul_pd(k, _mm512_set1_pd(exp_ln2_high))),
                              _mm512_mul_pd(k, _mm512_set1_pd(exp_ln2_low)));
    __m512d p = _mm512_set1_pd(exp_taylor[0]);
    for (int n = 1; n < 13; n++) p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(exp_taylor[n]));
    __m512i bits = _mm512_slli_epi64(_mm512_add_epi64(_mm512_castpd_si512(shifted), _mm512_set1_epi64(1023)), 52);
    __m512d scaled = _mm512_mul_pd(p, _mm512_castsi512_pd(bits));
    scaled = _mm512_mask_blend_pd(below, scaled, _mm512_setzero_pd());
    scaled = _mm512_mask_blend_pd(above, scaled, _mm512_set1_pd(__builtin_inf()));
    return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q), scaled, x);
}

#endif

#endif
