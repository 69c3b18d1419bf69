// SwiGLU's gated activation (see ActivationKernels.h for the arithmetic contract).
#include "ActivationKernels.h"
#include "CKernels.h"
#include "ExponentialMath.h"

static void silu_gated_portable(float *out, const float *gate, const float *up, size_t count) {
    for (size_t i = 0; i < count; i++) {
        float x = gate[i];
        float e = (float)exponential(-(double)x);
        out[i] = x / (1 + e) * up[i];
    }
}

#if NK_EXP_X86
// Eight values a step: e^−x as two vectors of four doubles, rounded to float, then the float
// division and product.
static AVX2 void silu_gated_avx2(float *out, const float *gate, const float *up, size_t count) {
    const __m256 one = _mm256_set1_ps(1);
    const __m256d sign = _mm256_set1_pd(-0.0);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 x = _mm256_loadu_ps(gate + i);
        __m128 low = _mm256_cvtpd_ps(exponential4(_mm256_xor_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(x)), sign)));
        __m128 high = _mm256_cvtpd_ps(exponential4(_mm256_xor_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)), sign)));
        __m256 e = _mm256_insertf128_ps(_mm256_castps128_ps256(low), high, 1);
        _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_div_ps(x, _mm256_add_ps(one, e)), _mm256_loadu_ps(up + i)));
    }
    silu_gated_portable(out + i, gate + i, up + i, count - i);
}
#endif

void nk_silu_gated(int level, float *out, const float *gate, const float *up, size_t count) {
#if NK_EXP_X86
    if (level >= NK_LEVEL_AVX2) {
        silu_gated_avx2(out, gate, up, count);
        return;
    }
#endif
    (void)level;
    silu_gated_portable(out, gate, up, count);
}
