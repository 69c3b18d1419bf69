// Row exponentials in float64 (see ExponentialKernels.h for the arithmetic contract).
#include "ExponentialKernels.h"
#include "CKernels.h"
#include "ExponentialMath.h"

static void exponentials_portable(const float *z, size_t count, double maximum, double temperature, double *out) {
    for (size_t i = 0; i < count; i++) {
        double shift = (double)z[i] - maximum;
        out[i] = exponential(temperature == 1 ? shift : shift / temperature);
    }
}

#if NK_EXP_X86
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

static AVX512 void exponentials_avx512(const float *z, size_t count, double maximum, double temperature, double *out) {
    const __m512d m = _mm512_set1_pd(maximum), t = _mm512_set1_pd(temperature);
    int divide = temperature != 1;
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m512d shift = _mm512_sub_pd(_mm512_cvtps_pd(_mm256_loadu_ps(z + i)), m);
        _mm512_storeu_pd(out + i, exponential8(divide ? _mm512_div_pd(shift, t) : shift));
    }
    exponentials_avx2(z + i, count - i, maximum, temperature, out + i);
}
#endif

void nk_shifted_exponentials(int level, const float *z, size_t count, double maximum, double temperature, double *out) {
#if NK_EXP_X86
    if (level >= NK_LEVEL_AVX512) {
        exponentials_avx512(z, count, maximum, temperature, out);
        return;
    }
    if (level >= NK_LEVEL_AVX2) {
        exponentials_avx2(z, count, maximum, temperature, out);
        return;
    }
#endif
    (void)level;
    exponentials_portable(z, count, maximum, temperature, out);
}
