// Packed-panel GEMM kernels: AVX-512, AVX2+FMA+F16C and portable C, chosen at run time.
//
// Why C: AVX-512/AVX2 intrinsics and per-function `target` attributes cannot be written in Swift,
// and compiling the whole package with -march would crash on CPUs without those extensions.
//
// Arithmetic contract (every level, every format, float32 compute): each output element is one
// sequential fused-multiply-add chain acc = fma(x[i][k], w[j][k], acc) over k = 0..K−1 starting
// from +0. K-blocking stores the partial sums in C and reloads them, which keeps that order, so
// an element depends only on its row of x and its weight row: not on M, the row's place in a
// tile, the columns handled together, the thread count or the level. fmaf gives the same bits.
#include "CKernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define NK_X86 1
#else
#define NK_X86 0
#endif

// K block: the B slice of one 32-column panel pair (kc·128 bytes in float32) stays in L1/L2
// while every row tile of x streams past it.
enum { NK_KC = 256, NK_PANEL = 16 };
// K block of the grouped formats (a multiple of their groups): the widened float32 slices of up to four
// panels (16 KB each) live on the stack.
enum { NK_GROUPED_KC = 256 };
// Groups ahead that the fused integer-group tiles fetch.
enum { NK_FUSED_AHEAD = 4 };

static int is_grouped(int format) { return format == NK_FORMAT_Q8 || format == NK_FORMAT_Q4 || format == NK_FORMAT_Q8_G16; }

/// Inputs per group of a grouped format.
static size_t group_inputs(int format) { return format == NK_FORMAT_Q8_G16 ? 16 : NK_GROUP; }

/// Bytes of one group of a grouped format: 16 scales, 16 offsets, then the group's inputs × 16
/// columns of integers (a multiple of 64, so every group stays 64-byte aligned).
static size_t group_bytes(int format) { return 128 + group_inputs(format) * (format == NK_FORMAT_Q4 ? 8 : 16); }

size_t nk_panel_bytes(int format, size_t k) {
    size_t bytes;
    switch (format) {
    case NK_FORMAT_F32: bytes = 64 * k; break;
    case NK_FORMAT_BF16: bytes = 64 * ((k + 1) / 2); break;
    case NK_FORMAT_Q8:
    case NK_FORMAT_Q4:
    case NK_FORMAT_Q8_G16: bytes = k / group_inputs(format) * group_bytes(format); break;
    default: bytes = 32 * k; break;
    }
    return (bytes + 63) / 64 * 64;  // every panel starts 64-byte aligned
}

static inline uint16_t load16(const void *row, size_t index) {
    uint16_t value;
    memcpy(&value, (const char *)row + 2 * index, 2);  // checkpoint bytes need not be 2-aligned
    return value;
}

void nk_pack_panel(int format, const void *const rows[16], size_t k, void *panel) {
    memset(panel, 0, nk_panel_bytes(format, k));
    for (int j = 0; j < NK_PANEL; j++) {
        const void *row = rows[j];
        if (!row) continue;
        switch (format) {
        case NK_FORMAT_F32: {
            float *out = panel;
            for (size_t p = 0; p < k; p++) memcpy(&out[p * NK_PANEL + j], (const char *)row + 4 * p, 4);
            break;
        }
        case NK_FORMAT_BF16: {
            uint32_t *out = panel;
            for (size_t p = 0; p < k; p += 2) {
                uint32_t low = load16(row, p), high = p + 1 < k ? load16(row, p + 1) : 0;
                out[p / 2 * NK_PANEL + j] = (high << 16) | low;
            }
            break;
        }
        default: {
            uint16_t *out = panel;
            for (size_t p = 0; p < k; p++) out[p * NK_PANEL + j] = load16(row, p);
            break;
        }
        }
    }
}

void nk_pack_grouped_panel(int format, const int8_t *const q[16], const float *const scale[16],
                           const float *const offset[16], size_t k, void *panel) {
    memset(panel, 0, nk_panel_bytes(format, k));
    size_t inputs = group_inputs(format);
    for (size_t g = 0; g < k / inputs; g++) {
        char *group = (char *)panel + g * group_bytes(format);
        float *scales = (float *)group, *offsets = scales + NK_PANEL;
        for (int j = 0; j < NK_PANEL; j++) {
            if (!q[j]) continue;
            scales[j] = scale[j][g];
            offsets[j] = offset[j][g];
            for (size_t p = 0; p < inputs; p++) {
                int8_t value = q[j][g * inputs + p];
                if (format == NK_FORMAT_Q4) group[128 + p * 8 + j % 8] |= (char)((value & 0x0F) << (j < 8 ? 0 : 4));
                else ((int8_t *)(group + 128))[p * NK_PANEL + j] = value;
            }
        }
    }
}

void nk_to_bf16(const float *x, size_t count, uint16_t *out) {
    for (size_t i = 0; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, &x[i], 4);
        if (x[i] != x[i]) { out[i] = (uint16_t)((bits >> 16) | 0x40); continue; }
        out[i] = (uint16_t)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }
}

// MARK: - Portable

/// The integer of input `p` (inside the group) and column `j` in one group of a grouped format.
static int grouped_integer(int format, const char *group, size_t p, int j) {
    if (format != NK_FORMAT_Q4) return ((const int8_t *)(group + 128))[p * NK_PANEL + j];
    unsigned char byte = (unsigned char)group[128 + p * 8 + j % 8];
    return j < 8 ? byte & 0x0F : byte >> 4;
}

static float portable_weight(int format, const void *panel, size_t p, int j) {
    switch (format) {
    case NK_FORMAT_Q8:
    case NK_FORMAT_Q4:
    case NK_FORMAT_Q8_G16: {
        size_t inputs = group_inputs(format);
        const char *group = (const char *)panel + p / inputs * group_bytes(format);
        const float *scales = (const float *)group;
        return fmaf((float)grouped_integer(format, group, p % inputs, j), scales[j], scales[NK_PANEL + j]);
    }
    case NK_FORMAT_F32: return ((const float *)panel)[p * NK_PANEL + j];
    case NK_FORMAT_BF16: {
        uint32_t word = ((const uint32_t *)panel)[p / 2 * NK_PANEL + j];
        uint32_t bits = (p & 1) ? (word & 0xFFFF0000u) : (word << 16);
        float value;
        memcpy(&value, &bits, 4);
        return value;
    }
    default: {
        // binary16 → binary32, exact (subnormals normalised, inf/NaN kept).
        uint16_t h = ((const uint16_t *)panel)[p * NK_PANEL + j];
        uint32_t sign = (uint32_t)(h & 0x8000) << 16, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF, bits;
        if (exponent == 0x1F) bits = sign | 0x7F800000u | (mantissa << 13);
        else if (exponent != 0) bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
        else if (mantissa == 0) bits = sign;
        else {
            exponent = 113;
            while (!(mantissa & 0x400)) { mantissa <<= 1; exponent--; }
            bits = sign | (exponent << 23) | ((mantissa & 0x3FF) << 13);
        }
        float value;
        memcpy(&value, &bits, 4);
        return value;
    }
    }
}

static void gemm_portable(int format, const float *x, size_t ldx, size_t m, size_t k, const char *panels,
                          size_t panel_bytes, size_t n, size_t panel_begin, size_t panel_end, float *c, size_t ldc) {
    for (size_t i = 0; i < m; i++) {
        for (size_t q = panel_begin; q < panel_end; q++) {
            const char *panel = panels + q * panel_bytes;
            for (int j = 0; j < NK_PANEL && q * NK_PANEL + j < n; j++) {
                float acc = 0;
                for (size_t p = 0; p < k; p++) acc = fmaf(x[i * ldx + p], portable_weight(format, panel, p, j), acc);
                c[i * ldc + q * NK_PANEL + j] = acc;
            }
        }
    }
}

#if NK_X86

int nk_best_level(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return NK_LEVEL_AVX512;
    unsigned a, b, cx, d;
    int f16c = __get_cpuid(1, &a, &b, &cx, &d) && (cx & bit_F16C);
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && f16c) return NK_LEVEL_AVX2;
    return NK_LEVEL_PORTABLE;
}

int nk_has_avx512_bf16(void) {
    unsigned a, b, cx, d;
    if (nk_best_level() < NK_LEVEL_AVX512 || !__get_cpuid_count(7, 1, &a, &b, &cx, &d)) return 0;
    return (a >> 5) & 1;  // CPUID.(EAX=7,ECX=1):EAX[5] = AVX512_BF16
}

// MARK: - AVX-512: MR rows × NP panels (16 columns each), one zmm accumulator per row and panel.
//
// Decode batches: NP = 4 panels, so even one row has four independent fma chains in flight and
// four weight streams; prefill: NP = 2 and up to 12 rows. Both keep 24 accumulators at most.

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,fma,f16c")))
#define AVX2 __attribute__((target("avx2,fma,f16c")))
#define INLINE static inline __attribute__((always_inline))
// Full unrolling keeps every accumulator in a register (the trip counts are compile-time constants).
#define UNROLL _Pragma("clang loop unroll(full)")
enum { MR512 = 12, MR512_WIDE = 6 };

// One tile: rows x[0..mr), panels b[0..np) (already offset to this K block), kc inputs.
INLINE AVX512 void tile512(const int mr, const int np, const int format, const float *x, size_t ldx,
                           const char *const *b, size_t kc, float *c, size_t ldc, int load, const __mmask16 *mask) {
    __m512 acc[MR512][4];
    const char *panel[4];
    UNROLL for (int t = 0; t < np; t++) panel[t] = b[t];
    UNROLL for (int i = 0; i < mr; i++)
        UNROLL for (int t = 0; t < np; t++)
            acc[i][t] = load ? _mm512_maskz_loadu_ps(mask[t], c + i * ldc + t * NK_PANEL) : _mm512_setzero_ps();
    if (format == NK_FORMAT_F32 || format == NK_FORMAT_F16) {
        for (size_t p = 0; p < kc; p++) {
            __m512 v[4];
            UNROLL for (int t = 0; t < np; t++)
                v[t] = format == NK_FORMAT_F32
                    ? _mm512_load_ps((const float *)panel[t] + p * NK_PANEL)
                    : _mm512_cvtph_ps(_mm256_load_si256((const __m256i *)((const uint16_t *)panel[t] + p * NK_PANEL)));
            UNROLL for (int i = 0; i < mr; i++) {
                __m512 a = _mm512_set1_ps(x[i * ldx + p]);
                UNROLL for (int t = 0; t < np; t++) acc[i][t] = _mm512_fmadd_ps(a, v[t], acc[i][t]);
            }
        }
    } else {
        // bf16 pairs: the low half widens with a shift, the high half with a mask (both exact).
        const __m512i high = _mm512_set1_epi32((int)0xFFFF0000u);
        size_t pairs = kc / 2;
        for (size_t q = 0; q < pairs; q++) {
            __m512 lo[4], hi[4];
            UNROLL for (int t = 0; t < np; t++) {
                __m512i v = _mm512_load_si512((const uint32_t *)panel[t] + q * NK_PANEL);
                lo[t] = _mm512_castsi512_ps(_mm512_slli_epi32(v, 16));
                hi[t] = _mm512_castsi512_ps(_mm512_and_si512(v, high));
            }
            // Row by row, k = 2q then 2q+1: each accumulator still sees its inputs in k order.
            UNROLL for (int i = 0; i < mr; i++) {
                __m512 a0 = _mm512_set1_ps(x[i * ldx + 2 * q]), a1 = _mm512_set1_ps(x[i * ldx + 2 * q + 1]);
                UNROLL for (int t = 0; t < np; t++) acc[i][t] = _mm512_fmadd_ps(a0, lo[t], acc[i][t]);
                UNROLL for (int t = 0; t < np; t++) acc[i][t] = _mm512_fmadd_ps(a1, hi[t], acc[i][t]);
            }
        }
        if (kc & 1) {
            __m512 lo[4];
            UNROLL for (int t = 0; t < np; t++)
                lo[t] = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_load_si512((const uint32_t *)panel[t] + pairs * NK_PANEL), 16));
            UNROLL for (int i = 0; i < mr; i++) {
                __m512 a = _mm512_set1_ps(x[i * ldx + kc - 1]);
                UNROLL for (int t = 0; t < np; t++) acc[i][t] = _mm512_fmadd_ps(a, lo[t], acc[i][t]);
            }
        }
    }
    UNROLL for (int i = 0; i < mr; i++)
        UNROLL for (int t = 0; t < np; t++) _mm512_mask_storeu_ps(c + i * ldc + t * NK_PANEL, mask[t], acc[i][t]);
}

#define TILE_ARGS x, ldx, b, kc, c, ldc, load, mask
#define TILE_FUNCTIONS(NAME, FORMAT)                                                                           \
    static AVX512 void NAME##_wide(int mr, const float *x, size_t ldx, const char *const *b, size_t kc,         \
                                   float *c, size_t ldc, int load, const __mmask16 *mask) {                    \
        switch (mr) {                                                                                          \
        case 1: tile512(1, 4, FORMAT, TILE_ARGS); break;                                                       \
        case 2: tile512(2, 4, FORMAT, TILE_ARGS); break;                                                       \
        case 3: tile512(3, 4, FORMAT, TILE_ARGS); break;                                                       \
        case 4: tile512(4, 4, FORMAT, TILE_ARGS); break;                                                       \
        case 5: tile512(5, 4, FORMAT, TILE_ARGS); break;                                                       \
        default: tile512(6, 4, FORMAT, TILE_ARGS); break;                                                      \
        }                                                                                                      \
    }                                                                                                          \
    static AVX512 void NAME(int mr, const float *x, size_t ldx, const char *const *b, size_t kc,                \
                            float *c, size_t ldc, int load, const __mmask16 *mask) {                           \
        switch (mr) {                                                                                          \
        case 1: tile512(1, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 2: tile512(2, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 3: tile512(3, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 4: tile512(4, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 5: tile512(5, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 6: tile512(6, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 7: tile512(7, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 8: tile512(8, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 9: tile512(9, 2, FORMAT, TILE_ARGS); break;                                                       \
        case 10: tile512(10, 2, FORMAT, TILE_ARGS); break;                                                     \
        case 11: tile512(11, 2, FORMAT, TILE_ARGS); break;                                                     \
        default: tile512(12, 2, FORMAT, TILE_ARGS); break;                                                     \
        }                                                                                                      \
    }

TILE_FUNCTIONS(tile512_f32, NK_FORMAT_F32)
TILE_FUNCTIONS(tile512_bf16, NK_FORMAT_BF16)
TILE_FUNCTIONS(tile512_f16, NK_FORMAT_F16)

static __mmask16 column_mask(size_t n, size_t panel) {
    if (panel * NK_PANEL >= n) return 0;
    size_t valid = n - panel * NK_PANEL;
    return valid >= NK_PANEL ? (__mmask16)0xFFFF : (__mmask16)((1u << valid) - 1);
}

/// Byte offset of input `kb` inside a panel.
static size_t k_offset(int format, size_t kb) {
    if (is_grouped(format)) return kb / group_inputs(format) * group_bytes(format);
    return format == NK_FORMAT_F32 ? kb * 64 : format == NK_FORMAT_BF16 ? kb / 2 * 64 : kb * 32;
}

/// The groups the next widening after block [kb, kb + kc) of `panel` will read: that panel's next
/// K block, else the first block of the panel `stride` further on (the next one this thread
/// widens), else none. Returns how many groups, and where in `*ahead`.
static size_t next_groups(int format, const char *panels, size_t panel_bytes, size_t k, size_t kb, size_t kc,
                          size_t panel, size_t stride, size_t panel_end, const char **ahead) {
    size_t next_kb = kb + kc, inputs = group_inputs(format);
    if (next_kb < k) {
        *ahead = panels + panel * panel_bytes + k_offset(format, next_kb);
        return ((k - next_kb < kc) ? k - next_kb : kc) / inputs;
    }
    if (panel + stride >= panel_end) return 0;
    *ahead = panels + (panel + stride) * panel_bytes;
    return (k < NK_GROUPED_KC ? k : NK_GROUPED_KC) / inputs;  // that panel's first block, whatever kc was
}

// Grouped formats: each K block of a panel is first widened into a float32 panel slice on the
// stack, w = fma(q, scale, offset) — the value the loader's dequantisation gives — and the float32
// tiles run on that slice, so the products are bitwise those of the dequantised weights while the
// weights stream from memory at 1 or ½ byte per element (plus the group constants).
// Input p of one group as two float32 vectors (columns 0–7 and 8–15): fma(q, scale, offset).
INLINE AVX2 void widen_input(int format, const char *group, size_t p, __m256 s0, __m256 s1, __m256 o0, __m256 o1,
                             __m256 *v0, __m256 *v1) {
    __m256i q0, q1;
    if (format != NK_FORMAT_Q4) {
        __m128i bytes = _mm_load_si128((const __m128i *)(group + 128 + p * NK_PANEL));
        q0 = _mm256_cvtepi8_epi32(bytes);
        q1 = _mm256_cvtepi8_epi32(_mm_unpackhi_epi64(bytes, bytes));
    } else {
        __m256i bytes = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(group + 128 + p * 8)));
        q0 = _mm256_and_si256(bytes, _mm256_set1_epi32(0x0F));
        q1 = _mm256_srli_epi32(bytes, 4);
    }
    *v0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(q0), s0, o0);
    *v1 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(q1), s1, o1);
}

INLINE AVX2 void prefetch_group(const char *group, size_t bytes) {
    for (size_t line = 0; line < bytes; line += 64) _mm_prefetch(group + line, _MM_HINT_T0);
}

// `ahead`: the `ahead_count` groups the next widening of this panel will read, fetched into the cache
// group by group meanwhile. Each K block of a panel is a short run (3 KB for Q4_1) followed by a
// long stretch of tiles, too short for the hardware prefetcher to run ahead: without this the
// widening waited on memory (W8-sized Q4_1 panels streamed at 7 GB/s at M = 1).
static AVX2 void widen_groups(int format, const char *groups, size_t count, float *out, const char *ahead,
                              size_t ahead_count) {
    size_t inputs = group_inputs(format), bytes = group_bytes(format);
    for (size_t g = 0; g < count; g++, out += inputs * NK_PANEL) {
        const char *group = groups + g * bytes;
        // The next block can hold more groups than this one (a short last block before the next
        // panel's first): spread them over this block's groups.
        for (size_t a = g * ahead_count / count; a < (g + 1) * ahead_count / count; a++)
            prefetch_group(ahead + a * bytes, bytes);
        const float *constants = (const float *)group;
        __m256 s0 = _mm256_load_ps(constants), s1 = _mm256_load_ps(constants + 8);
        __m256 o0 = _mm256_load_ps(constants + 16), o1 = _mm256_load_ps(constants + 24);
        for (size_t p = 0; p < inputs; p++) {
            __m256 v0, v1;
            widen_input(format, group, p, s0, s1, o0, o1, &v0, &v1);
            _mm256_store_ps(out + p * NK_PANEL, v0);
            _mm256_store_ps(out + p * NK_PANEL + 8, v1);
        }
    }
}

/// The `np` panels from `q` on at input `kb`, with their column masks. A panel past `panel_end`
/// repeats the first one with an empty mask (computed, never stored).
static void tile_panels(int format, const char *panels, size_t panel_bytes, size_t n, size_t q, size_t panel_end,
                        size_t kb, int np, const char **b, __mmask16 *mask) {
    for (int t = 0; t < np; t++) {
        int inside = q + t < panel_end;
        b[t] = panels + (inside ? q + t : q) * panel_bytes + k_offset(format, kb);
        mask[t] = inside ? column_mask(n, q + t) : 0;
    }
}

// One row tile of at most six rows over integer groups (decode of a few sequences): each input's
// sixteen weights per panel are widened in registers right before their fmas — fma(q, scale,
// offset), the operations of widen_groups, so the products are those of the widened slice bit for
// bit — and the panels stream from memory in one sequential run each. With one row tile a
// stored slice would never be reused. Up to three rows take four panels (four fma chains even
// for one row), more rows two; at most twelve accumulators either way.
INLINE AVX512 void tile512_grouped(const int mr, const int np, const int format, const float *x, size_t ldx,
                                   const char *const *b, size_t kc, float *c, size_t ldc, const __mmask16 *mask) {
    __m512 acc[6][4];
    UNROLL for (int i = 0; i < mr; i++)
        UNROLL for (int t = 0; t < np; t++) acc[i][t] = _mm512_setzero_ps();
    const size_t inputs = group_inputs(format), bytes = group_bytes(format);
    const __m512i nibble = _mm512_set1_epi32(0x0F);
    for (size_t g = 0; g < kc / inputs; g++) {
        __m512 scale[4], offset[4];
        const char *integers[4];
        UNROLL for (int t = 0; t < np; t++) {
            const float *constants = (const float *)(b[t] + g * bytes);
            scale[t] = _mm512_load_ps(constants);
            offset[t] = _mm512_load_ps(constants + NK_PANEL);
            integers[t] = b[t] + g * bytes + 128;
        }
        // Each panel is one sequential stream, but four of them at a time outrun the hardware
        // prefetcher on weights too large for the cache.
        if (g + NK_FUSED_AHEAD < kc / inputs)
            UNROLL for (int t = 0; t < np; t++) prefetch_group(b[t] + (g + NK_FUSED_AHEAD) * bytes, bytes);
        const float *xg = x + g * inputs;
        if (format == NK_FORMAT_Q4) {
            // Two inputs per 16 bytes; within each input's 8, the low nibbles are columns 0–7.
            for (size_t p = 0; p < inputs; p += 2) {
                __m512 w0[4], w1[4];
                UNROLL for (int t = 0; t < np; t++) {
                    __m512i both = _mm512_cvtepu8_epi32(_mm_load_si128((const __m128i *)(integers[t] + p * 8)));
                    __m512i low = _mm512_and_si512(both, nibble), high = _mm512_srli_epi32(both, 4);
                    w0[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_shuffle_i64x2(low, high, 0x44)), scale[t], offset[t]);
                    w1[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_shuffle_i64x2(low, high, 0xEE)), scale[t], offset[t]);
                }
                UNROLL for (int i = 0; i < mr; i++) {
                    __m512 a0 = _mm512_set1_ps(xg[i * ldx + p]), a1 = _mm512_set1_ps(xg[i * ldx + p + 1]);
                    UNROLL for (int t = 0; t < np; t++) acc[i][t] = _mm512_fmadd_ps(a0, w0[t], acc[i][t]);
                    UNROLL for (int t = 0; t < np; t++) acc[i][t] = _mm512_fmadd_ps(a1, w1[t], acc[i][t]);
                }
            }
        } else {
            for (size_t p = 0; p < inputs; p++) {
                __m512 w[4];
                UNROLL for (int t = 0; t < np; t++) {
                    __m512i q = _mm512_cvtepi8_epi32(_mm_load_si128((const __m128i *)(integers[t] + p * NK_PANEL)));
                    w[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(q), scale[t], offset[t]);
                }
                UNROLL for (int i = 0; i < mr; i++) {
                    __m512 a = _mm512_set1_ps(xg[i * ldx + p]);
                    UNROLL for (int t = 0; t < np; t++) acc[i][t] = _mm512_fmadd_ps(a, w[t], acc[i][t]);
                }
            }
        }
    }
    UNROLL for (int i = 0; i < mr; i++)
        UNROLL for (int t = 0; t < np; t++) _mm512_mask_storeu_ps(c + i * ldc + t * NK_PANEL, mask[t], acc[i][t]);
}

#define GROUPED_ARGS x, ldx, b, kc, c, ldc, mask
#define GROUPED_CASES(FORMAT)                                                                                  \
    if (np == 4) {                                                                                             \
        switch (mr) {                                                                                          \
        case 1: tile512_grouped(1, 4, FORMAT, GROUPED_ARGS); break;                                            \
        case 2: tile512_grouped(2, 4, FORMAT, GROUPED_ARGS); break;                                            \
        default: tile512_grouped(3, 4, FORMAT, GROUPED_ARGS); break;                                           \
        }                                                                                                      \
    } else {                                                                                                   \
        switch (mr) {                                                                                          \
        case 1: tile512_grouped(1, 2, FORMAT, GROUPED_ARGS); break;                                            \
        case 2: tile512_grouped(2, 2, FORMAT, GROUPED_ARGS); break;                                            \
        case 3: tile512_grouped(3, 2, FORMAT, GROUPED_ARGS); break;                                            \
        case 4: tile512_grouped(4, 2, FORMAT, GROUPED_ARGS); break;                                            \
        case 5: tile512_grouped(5, 2, FORMAT, GROUPED_ARGS); break;                                            \
        default: tile512_grouped(6, 2, FORMAT, GROUPED_ARGS); break;                                           \
        }                                                                                                      \
    }

static AVX512 void tile512_grouped_any(int format, int mr, int np, const float *x, size_t ldx, const char *const *b,
                                       size_t kc, float *c, size_t ldc, const __mmask16 *mask) {
    switch (format) {
    case NK_FORMAT_Q8: GROUPED_CASES(NK_FORMAT_Q8) break;
    case NK_FORMAT_Q8_G16: GROUPED_CASES(NK_FORMAT_Q8_G16) break;
    default: GROUPED_CASES(NK_FORMAT_Q4) break;
    }
}

static void gemm_avx512(int format, const float *x, size_t ldx, size_t m, size_t k, const char *panels,
                        size_t panel_bytes, size_t n, size_t panel_begin, size_t panel_end, float *c, size_t ldc) {
    // Decode batches (≤ 32 rows): tiles of 6 rows × 4 panels (fewer loads per fma, four chains
    // per row); prefill: 12 rows × 2 panels. One row tile needs no K blocking (no other tile
    // reuses the B slice), so each panel then streams from memory in one sequential run.
    int wide = m <= 32, np = wide ? 4 : 2, tile_rows = wide ? MR512_WIDE : MR512;
    int grouped = is_grouped(format);
    size_t block = grouped ? NK_GROUPED_KC : m <= (size_t)tile_rows ? k : NK_KC;
    float widened[4 * NK_GROUPED_KC * NK_PANEL] __attribute__((aligned(64)));
    if (grouped && m <= MR512_WIDE) {
        for (size_t q = panel_begin; q < panel_end;) {
            int fused = m <= 3 && panel_end - q > 2 ? 4 : 2;
            const char *b[4];
            __mmask16 mask[4];
            tile_panels(format, panels, panel_bytes, n, q, panel_end, 0, fused, b, mask);
            tile512_grouped_any(format, (int)m, fused, x, ldx, b, k, c + q * NK_PANEL, ldc, mask);
            q += (size_t)fused;
        }
        return;
    }
    // Column group outer, K block inner: the group's C tile (≤ 32 rows × 64 columns) stays in
    // L1/L2 between K blocks, and the B slice of one K block serves every row tile.
    for (size_t q = panel_begin; q < panel_end; q += (size_t)np) {
        // A range's last two panels (ranges are whole pairs) take the two-panel tiles rather than
        // four with two computed and thrown away: 576 columns per thread are 4½ groups of four.
        if (wide && panel_end - q <= 2) np = 2;
        for (size_t kb = 0; kb < k; kb += block) {
            size_t kc = k - kb < block ? k - kb : block;
            const char *b[4];
            __mmask16 mask[4];
            tile_panels(format, panels, panel_bytes, n, q, panel_end, kb, np, b, mask);
            if (grouped) {
                for (int t = 0; t < np; t++) {
                    float *slice = widened + (size_t)t * NK_GROUPED_KC * NK_PANEL;
                    // A panel that is never stored (past the range or padding) reuses the first slice.
                    if (mask[t]) {
                        const char *ahead = NULL;
                        size_t ahead_count = next_groups(format, panels, panel_bytes, k, kb, kc, q + (size_t)t,
                                                         (size_t)np, panel_end, &ahead);
                        widen_groups(format, b[t], kc / group_inputs(format), slice, ahead, ahead_count);
                    }
                    b[t] = (const char *)(mask[t] ? slice : widened);
                }
            }
            int tile_format = grouped ? NK_FORMAT_F32 : format;
            // Row tiles of balanced heights (32 rows: 6,6,5,5,5,5 rather than 6,…,6,2).
            size_t tiles = (m + (size_t)tile_rows - 1) / (size_t)tile_rows;
            for (size_t tile = 0; tile < tiles; tile++) {
                size_t i = m * tile / tiles;
                int mr = (int)(m * (tile + 1) / tiles - i);
                const float *xi = x + i * ldx + kb;
                float *ci = c + i * ldc + q * NK_PANEL;
                int load = kb > 0;
                int four = np == 4;
                switch (tile_format) {
                case NK_FORMAT_F32: (four ? tile512_f32_wide : tile512_f32)(mr, xi, ldx, b, kc, ci, ldc, load, mask); break;
                case NK_FORMAT_BF16: (four ? tile512_bf16_wide : tile512_bf16)(mr, xi, ldx, b, kc, ci, ldc, load, mask); break;
                default: (four ? tile512_f16_wide : tile512_f16)(mr, xi, ldx, b, kc, ci, ldc, load, mask); break;
                }
            }
        }
    }
}

// MARK: - AVX512-BF16: vdpbf16ps on bf16 activation pairs.

#define AVX512BF16 __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16,fma")))

INLINE AVX512BF16 void tile_dot(const int mr, const uint16_t *xb, size_t ldxb, const char *const *b, size_t kc,
                                float *c, size_t ldc, int load, const __mmask16 *mask) {
    __m512 acc[MR512][2];
    UNROLL for (int i = 0; i < mr; i++)
        UNROLL for (int t = 0; t < 2; t++)
            acc[i][t] = load ? _mm512_maskz_loadu_ps(mask[t], c + i * ldc + t * NK_PANEL) : _mm512_setzero_ps();
    for (size_t q = 0; q < (kc + 1) / 2; q++) {
        __m512bh v0 = (__m512bh)_mm512_load_si512((const uint32_t *)b[0] + q * NK_PANEL);
        __m512bh v1 = (__m512bh)_mm512_load_si512((const uint32_t *)b[1] + q * NK_PANEL);
        UNROLL for (int i = 0; i < mr; i++) {
            uint32_t word;
            memcpy(&word, xb + i * ldxb + 2 * q, 4);
            __m512bh a = (__m512bh)_mm512_set1_epi32((int)word);
            acc[i][0] = _mm512_dpbf16_ps(acc[i][0], a, v0);
            acc[i][1] = _mm512_dpbf16_ps(acc[i][1], a, v1);
        }
    }
    UNROLL for (int i = 0; i < mr; i++)
        UNROLL for (int t = 0; t < 2; t++) _mm512_mask_storeu_ps(c + i * ldc + t * NK_PANEL, mask[t], acc[i][t]);
}

#define DOT_ARGS xb, ldxb, b, kc, c, ldc, load, mask
static AVX512BF16 void tile_dot_cases(int mr, const uint16_t *xb, size_t ldxb, const char *const *b, size_t kc,
                                      float *c, size_t ldc, int load, const __mmask16 *mask) {
    switch (mr) {
    case 1: tile_dot(1, DOT_ARGS); break;
    case 2: tile_dot(2, DOT_ARGS); break;
    case 3: tile_dot(3, DOT_ARGS); break;
    case 4: tile_dot(4, DOT_ARGS); break;
    case 5: tile_dot(5, DOT_ARGS); break;
    case 6: tile_dot(6, DOT_ARGS); break;
    case 7: tile_dot(7, DOT_ARGS); break;
    case 8: tile_dot(8, DOT_ARGS); break;
    case 9: tile_dot(9, DOT_ARGS); break;
    case 10: tile_dot(10, DOT_ARGS); break;
    case 11: tile_dot(11, DOT_ARGS); break;
    default: tile_dot(12, DOT_ARGS); break;
    }
}

void nk_gemm_bf16dot(const uint16_t *xb, size_t ldxb, size_t m, size_t k, const void *panels, size_t n,
                     size_t panel_begin, size_t panel_end, float *c, size_t ldc) {
    size_t panel_bytes = nk_panel_bytes(NK_FORMAT_BF16, k);
    if (k == 0) {
        for (size_t i = 0; i < m; i++)
            for (size_t col = panel_begin * NK_PANEL; col < panel_end * NK_PANEL && col < n; col++) c[i * ldc + col] = 0;
        return;
    }
    size_t block = m <= MR512 ? k : 2 * NK_KC;  // even: a K block never splits a pair
    for (size_t q = panel_begin; q < panel_end; q += 2) {
        for (size_t kb = 0; kb < k; kb += block) {
            size_t kc = k - kb < block ? k - kb : block;
            const char *b[4];
            __mmask16 mask[4];
            tile_panels(NK_FORMAT_BF16, panels, panel_bytes, n, q, panel_end, kb, 2, b, mask);
            size_t tiles = (m + MR512 - 1) / MR512;
            for (size_t tile = 0; tile < tiles; tile++) {
                size_t i = m * tile / tiles;
                int mr = (int)(m * (tile + 1) / tiles - i);
                tile_dot_cases(mr, xb + i * ldxb + kb, ldxb, b, kc, c + i * ldc + q * NK_PANEL, ldc, kb > 0, mask);
            }
        }
    }
}

// MARK: - AVX2 + FMA + F16C: MR rows × 16 columns (one panel), two ymm accumulators per row.

enum { MR256 = 6 };

INLINE AVX2 __m256i lane_mask(size_t valid, int half) {
    long remaining = (long)valid - 8 * half;
    int count = remaining < 0 ? 0 : remaining > 8 ? 8 : (int)remaining;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// The C tile of mr rows × 16 columns in and out of its accumulators: plain loads and stores when
// the panel is full (masked ones, vmaskmovps, are microcoded on some cores and cost ~10 % of a K
// block), masked ones on the ragged last panel; zeros instead of a load for the first K block.
INLINE AVX2 void load_c(const int mr, const float *c, size_t ldc, int load, size_t valid, __m256 acc[][2]) {
    __m256i k0 = lane_mask(valid, 0), k1 = lane_mask(valid, 1);
    UNROLL for (int i = 0; i < mr; i++) {
        const float *row = c + i * ldc;
        if (!load) {
            acc[i][0] = acc[i][1] = _mm256_setzero_ps();
        } else if (valid >= NK_PANEL) {
            acc[i][0] = _mm256_loadu_ps(row);
            acc[i][1] = _mm256_loadu_ps(row + 8);
        } else {
            acc[i][0] = _mm256_maskload_ps(row, k0);
            acc[i][1] = _mm256_maskload_ps(row + 8, k1);
        }
    }
}

INLINE AVX2 void store_c(const int mr, float *c, size_t ldc, size_t valid, __m256 acc[][2]) {
    __m256i k0 = lane_mask(valid, 0), k1 = lane_mask(valid, 1);
    UNROLL for (int i = 0; i < mr; i++) {
        float *row = c + i * ldc;
        if (valid >= NK_PANEL) {
            _mm256_storeu_ps(row, acc[i][0]);
            _mm256_storeu_ps(row + 8, acc[i][1]);
        } else {
            _mm256_maskstore_ps(row, k0, acc[i][0]);
            _mm256_maskstore_ps(row + 8, k1, acc[i][1]);
        }
    }
}

// The row pointers are hoisted and the k loop unrolled by four so that each step is the loads,
// broadcasts and fmas alone.
INLINE AVX2 void tile256(const int mr, const int format, const float *x, size_t ldx, const char *b, size_t kc,
                         float *c, size_t ldc, int load, size_t valid) {
    __m256 acc[MR256][2];
    const float *xr[MR256];
    UNROLL for (int i = 0; i < mr; i++) xr[i] = x + i * ldx;
    load_c(mr, c, ldc, load, valid, acc);
    if (format == NK_FORMAT_F32) {
        const float *w = (const float *)b;
        _Pragma("clang loop unroll_count(4)") for (size_t p = 0; p < kc; p++) {
            __m256 v0 = _mm256_load_ps(w + p * NK_PANEL), v1 = _mm256_load_ps(w + p * NK_PANEL + 8);
            UNROLL for (int i = 0; i < mr; i++) {
                __m256 a = _mm256_broadcast_ss(xr[i] + p);
                acc[i][0] = _mm256_fmadd_ps(a, v0, acc[i][0]);
                acc[i][1] = _mm256_fmadd_ps(a, v1, acc[i][1]);
            }
        }
    } else if (format == NK_FORMAT_F16) {
        const uint16_t *w = (const uint16_t *)b;
        _Pragma("clang loop unroll_count(4)") for (size_t p = 0; p < kc; p++) {
            __m256 v0 = _mm256_cvtph_ps(_mm_load_si128((const __m128i *)(w + p * NK_PANEL)));
            __m256 v1 = _mm256_cvtph_ps(_mm_load_si128((const __m128i *)(w + p * NK_PANEL + 8)));
            UNROLL for (int i = 0; i < mr; i++) {
                __m256 a = _mm256_broadcast_ss(xr[i] + p);
                acc[i][0] = _mm256_fmadd_ps(a, v0, acc[i][0]);
                acc[i][1] = _mm256_fmadd_ps(a, v1, acc[i][1]);
            }
        }
    } else {
        const uint32_t *w = (const uint32_t *)b;
        const __m256i high = _mm256_set1_epi32((int)0xFFFF0000u);
        // Pairs of k share one load of words: the even input is the low half, the odd the high.
        size_t p = 0;
        _Pragma("clang loop unroll_count(2)") for (; p + 2 <= kc; p += 2) {
            const __m256i *words = (const __m256i *)(w + p / 2 * NK_PANEL);
            __m256i u0 = _mm256_load_si256(words), u1 = _mm256_load_si256(words + 1);
            __m256 e0 = _mm256_castsi256_ps(_mm256_slli_epi32(u0, 16)), e1 = _mm256_castsi256_ps(_mm256_slli_epi32(u1, 16));
            __m256 o0 = _mm256_castsi256_ps(_mm256_and_si256(u0, high)), o1 = _mm256_castsi256_ps(_mm256_and_si256(u1, high));
            UNROLL for (int i = 0; i < mr; i++) {
                __m256 a = _mm256_broadcast_ss(xr[i] + p);
                acc[i][0] = _mm256_fmadd_ps(a, e0, acc[i][0]);
                acc[i][1] = _mm256_fmadd_ps(a, e1, acc[i][1]);
            }
            UNROLL for (int i = 0; i < mr; i++) {
                __m256 a = _mm256_broadcast_ss(xr[i] + p + 1);
                acc[i][0] = _mm256_fmadd_ps(a, o0, acc[i][0]);
                acc[i][1] = _mm256_fmadd_ps(a, o1, acc[i][1]);
            }
        }
        if (p < kc) {
            const __m256i *words = (const __m256i *)(w + p / 2 * NK_PANEL);
            __m256 e0 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_load_si256(words), 16));
            __m256 e1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_load_si256(words + 1), 16));
            UNROLL for (int i = 0; i < mr; i++) {
                __m256 a = _mm256_broadcast_ss(xr[i] + p);
                acc[i][0] = _mm256_fmadd_ps(a, e0, acc[i][0]);
                acc[i][1] = _mm256_fmadd_ps(a, e1, acc[i][1]);
            }
        }
    }
    store_c(mr, c, ldc, valid, acc);
}

// Row tiles of 1–6 rows, each a separate instantiation with its loops fully unrolled.
#define TILE256_CASES(TILE, FORMAT)                                                                            \
    switch (mr) {                                                                                              \
    case 1: TILE(1, FORMAT, x, ldx, b, kc, c, ldc, load, valid); break;                                        \
    case 2: TILE(2, FORMAT, x, ldx, b, kc, c, ldc, load, valid); break;                                        \
    case 3: TILE(3, FORMAT, x, ldx, b, kc, c, ldc, load, valid); break;                                        \
    case 4: TILE(4, FORMAT, x, ldx, b, kc, c, ldc, load, valid); break;                                        \
    case 5: TILE(5, FORMAT, x, ldx, b, kc, c, ldc, load, valid); break;                                        \
    default: TILE(6, FORMAT, x, ldx, b, kc, c, ldc, load, valid); break;                                       \
    }

// One row tile over integer groups (decode batches of ≤ 6 rows): the weights are widened in
// registers as they are used, with the operations of widen_groups, so the products are those of
// the widened slice bit for bit; with a single row tile a stored slice would never be reused.
INLINE AVX2 void tile256_grouped(const int mr, const int format, const float *x, size_t ldx, const char *groups,
                                 size_t kc, float *c, size_t ldc, int load, size_t valid) {
    __m256 acc[MR256][2];
    const float *xr[MR256];
    UNROLL for (int i = 0; i < mr; i++) xr[i] = x + i * ldx;
    load_c(mr, c, ldc, load, valid, acc);
    const size_t inputs = group_inputs(format);
    for (size_t g = 0; g < kc / inputs; g++) {
        const char *group = groups + g * group_bytes(format);
        const float *constants = (const float *)group;
        __m256 s0 = _mm256_load_ps(constants), s1 = _mm256_load_ps(constants + 8);
        __m256 o0 = _mm256_load_ps(constants + 16), o1 = _mm256_load_ps(constants + 24);
        _Pragma("clang loop unroll_count(4)") for (size_t p = 0; p < inputs; p++) {
            __m256 v0, v1;
            widen_input(format, group, p, s0, s1, o0, o1, &v0, &v1);
            UNROLL for (int i = 0; i < mr; i++) {
                __m256 a = _mm256_broadcast_ss(xr[i] + g * inputs + p);
                acc[i][0] = _mm256_fmadd_ps(a, v0, acc[i][0]);
                acc[i][1] = _mm256_fmadd_ps(a, v1, acc[i][1]);
            }
        }
    }
    store_c(mr, c, ldc, valid, acc);
}

static AVX2 void tile256_grouped_any(int format, int mr, const float *x, size_t ldx, const char *b, size_t kc,
                                     float *c, size_t ldc, int load, size_t valid) {
    switch (format) {
    case NK_FORMAT_Q8: TILE256_CASES(tile256_grouped, NK_FORMAT_Q8) break;
    case NK_FORMAT_Q8_G16: TILE256_CASES(tile256_grouped, NK_FORMAT_Q8_G16) break;
    default: TILE256_CASES(tile256_grouped, NK_FORMAT_Q4) break;
    }
}

static AVX2 void tile256_any(int format, int mr, const float *x, size_t ldx, const char *b, size_t kc, float *c,
                             size_t ldc, int load, size_t valid) {
    switch (format) {
    case NK_FORMAT_F32: TILE256_CASES(tile256, NK_FORMAT_F32) break;
    case NK_FORMAT_BF16: TILE256_CASES(tile256, NK_FORMAT_BF16) break;
    default: TILE256_CASES(tile256, NK_FORMAT_F16) break;
    }
}

static void gemm_avx2(int format, const float *x, size_t ldx, size_t m, size_t k, const char *panels,
                      size_t panel_bytes, size_t n, size_t panel_begin, size_t panel_end, float *c, size_t ldc) {
    int grouped = is_grouped(format);
    size_t block = m <= MR256 ? k : grouped ? NK_GROUPED_KC : NK_KC;
    float widened[NK_GROUPED_KC * NK_PANEL] __attribute__((aligned(64)));
    for (size_t q = panel_begin; q < panel_end && q * NK_PANEL < n; q++) {
        for (size_t kb = 0; kb < k; kb += block) {
            size_t kc = k - kb < block ? k - kb : block;
            size_t valid = n - q * NK_PANEL;
            const char *b = panels + q * panel_bytes + k_offset(format, kb);
            if (grouped && m <= MR256) {
                tile256_grouped_any(format, (int)m, x + kb, ldx, b, kc, c + q * NK_PANEL, ldc, kb > 0, valid);
                continue;
            }
            if (grouped) {
                const char *ahead = NULL;
                size_t ahead_count = next_groups(format, panels, panel_bytes, k, kb, kc, q, 1, panel_end, &ahead);
                widen_groups(format, b, kc / group_inputs(format), widened, ahead, ahead_count);
                b = (const char *)widened;
            }
            int tile_format = grouped ? NK_FORMAT_F32 : format;
            // Row tiles of balanced heights (32 rows: 6,5,5,5,5,6 rather than 6,…,6,2): a 2-row tile
            // has too few independent fma chains to hide the fma latency.
            size_t tiles = (m + MR256 - 1) / MR256;
            for (size_t tile = 0; tile < tiles; tile++) {
                size_t i = m * tile / tiles;
                int mr = (int)(m * (tile + 1) / tiles - i);
                tile256_any(tile_format, mr, x + i * ldx + kb, ldx, b, kc, c + i * ldc + q * NK_PANEL, ldc, kb > 0, valid);
            }
        }
    }
}

size_t nk_fma_peak_flops(int level) { return level >= NK_LEVEL_AVX512 ? 12 * 16 * 2 : level == NK_LEVEL_AVX2 ? 12 * 8 * 2 : 0; }

static AVX512 float peak512(size_t iterations) {
    __m512 acc[12], b = _mm512_set1_ps(0.999f), c = _mm512_set1_ps(1e-4f);
    UNROLL for (int i = 0; i < 12; i++) acc[i] = _mm512_set1_ps((float)i);
    for (size_t r = 0; r < iterations; r++)
        UNROLL for (int i = 0; i < 12; i++) acc[i] = _mm512_fmadd_ps(acc[i], b, c);
    float sum = 0;
    UNROLL for (int i = 0; i < 12; i++) sum += _mm512_reduce_add_ps(acc[i]);
    return sum;
}

static AVX2 float peak256(size_t iterations) {
    __m256 acc[12], b = _mm256_set1_ps(0.999f), c = _mm256_set1_ps(1e-4f);
    UNROLL for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps((float)i);
    for (size_t r = 0; r < iterations; r++)
        UNROLL for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], b, c);
    float lanes[8], sum = 0;
    UNROLL for (int i = 0; i < 12; i++) {
        _mm256_storeu_ps(lanes, acc[i]);
        for (int j = 0; j < 8; j++) sum += lanes[j];
    }
    return sum;
}

float nk_fma_peak(int level, size_t iterations) {
    if (level >= NK_LEVEL_AVX512) return peak512(iterations);
    if (level == NK_LEVEL_AVX2) return peak256(iterations);
    return 0;
}

#else  // not x86-64: the portable kernel only

int nk_best_level(void) { return NK_LEVEL_PORTABLE; }
int nk_has_avx512_bf16(void) { return 0; }
size_t nk_fma_peak_flops(int level) { (void)level; return 0; }
float nk_fma_peak(int level, size_t iterations) { (void)level; (void)iterations; return 0; }
void nk_gemm_bf16dot(const uint16_t *xb, size_t ldxb, size_t m, size_t k, const void *panels, size_t n,
                     size_t panel_begin, size_t panel_end, float *c, size_t ldc) {
    (void)xb; (void)ldxb; (void)m; (void)k; (void)panels; (void)n; (void)panel_begin; (void)panel_end; (void)c; (void)ldc;
}

#endif

void nk_gemm(int level, int format, const float *x, size_t ldx, size_t m, size_t k, const void *panels, size_t n,
             size_t panel_begin, size_t panel_end, float *c, size_t ldc) {
    size_t panel_bytes = nk_panel_bytes(format, k);
    if (k == 0 || level <= NK_LEVEL_PORTABLE || !NK_X86) {
        gemm_portable(format, x, ldx, m, k, panels, panel_bytes, n, panel_begin, panel_end, c, ldc);
        return;
    }
#if NK_X86
    if (level >= NK_LEVEL_AVX512) gemm_avx512(format, x, ldx, m, k, panels, panel_bytes, n, panel_begin, panel_end, c, ldc);
    else gemm_avx2(format, x, ldx, m, k, panels, panel_bytes, n, panel_begin, panel_end, c, ldc);
#endif
}
