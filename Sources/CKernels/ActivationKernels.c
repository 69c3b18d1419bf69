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

// Sixteen values a step, as two vectors of eight doubles: the AVX2 kernel's operations per lane.
static AVX512 void silu_gated_avx512(float *out, const float *gate, const float *up, size_t count) {
    const __m512 one = _mm512_set1_ps(1);
    const __m512i sign = _mm512_set1_epi64((long long)0x8000000000000000ull);
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512 x = _mm512_loadu_ps(gate + i);
        __m512d x0 = _mm512_cvtps_pd(_mm512_castps512_ps256(x));
        __m512d x1 = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1)));
        __m256 low = _mm512_cvtpd_ps(exponential8(_mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(x0), sign))));
        __m256 high = _mm512_cvtpd_ps(exponential8(_mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(x1), sign))));
        __m512 e = _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castps_pd(_mm512_castps256_ps512(low)), _mm256_castps_pd(high), 1));
        _mm512_storeu_ps(out + i, _mm512_mul_ps(_mm512_div_ps(x, _mm512_add_ps(one, e)), _mm512_loadu_ps(up + i)));
    }
    silu_gated_avx2(out + i, gate + i, up + i, count - i);
}
#endif

void nk_silu_gated(int level, float *out, const float *gate, const float *up, size_t count) {
#if NK_EXP_X86
    if (level >= NK_LEVEL_AVX512) {
        silu_gated_avx512(out, gate, up, count);
        return;
    }
    if (level >= NK_LEVEL_AVX2) {
        silu_gated_avx2(out, gate, up, count);
        return;
    }
#endif
    (void)level;
    silu_gated_portable(out, gate, up, count);
}
