// Innermost GEMM kernels over weights packed in 16-column panels (see PackedMatrix.swift).
//
// Why C: the kernels use AVX-512 / AVX2 / F16C / AVX512-BF16 intrinsics under per-function
// target attributes, chosen at run time; Swift can express neither the intrinsics nor the
// per-function target, and a global -march flag would make the binary crash on older CPUs.
#ifndef NUCLEUS_CKERNELS_H
#define NUCLEUS_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Instruction-set levels, best last. Every level gives the same bits for float32 compute.
enum {
    NK_LEVEL_PORTABLE = 0,
    NK_LEVEL_AVX2 = 1,
    NK_LEVEL_AVX512 = 2,
};

/// Panel formats: how one panel (16 output columns × K) is laid out.
enum {
    /// [k][16] float32.
    NK_FORMAT_F32 = 0,
    /// [k/2][16] uint32 words, word j = (w[j][2p+1] << 16) | w[j][2p] (bf16 bits; odd K padded with 0).
    NK_FORMAT_BF16 = 1,
    /// [k][16] IEEE binary16.
    NK_FORMAT_F16 = 2,
    /// Grouped integers (GGUF Q8_0, Q5_K): per group of 32 inputs, float32 scale[16], offset[16],
    /// then [32][16] int8. Element value: fma(q, scale, offset).
    NK_FORMAT_Q8 = 3,
    /// Grouped 4-bit integers (GGUF Q4_0, Q4_1, Q4_K): per group of 32 inputs, float32 scale[16],
    /// offset[16], then [32][8] bytes, byte c = column c in the low nibble | column c+8 in the high one.
    NK_FORMAT_Q4 = 4,
    /// Grouped integers in groups of 16 inputs (GGUF Q6_K, whose scales change every 16): per group,
    /// float32 scale[16], offset[16], then [16][16] int8.
    NK_FORMAT_Q8_G16 = 5,
};

/// Inputs per scale/offset group of NK_FORMAT_Q8 and NK_FORMAT_Q4 (NK_FORMAT_Q8_G16: 16); the K
/// of a grouped format must be a multiple of its group.
enum { NK_GROUP = 32 };

/// The best level this CPU (and OS) supports.
int nk_best_level(void);
/// Whether this CPU has AVX512-BF16 (`vdpbf16ps`) next to AVX-512.
int nk_has_avx512_bf16(void);

/// Bytes of one panel of `k` inputs in `format`.
size_t nk_panel_bytes(int format, size_t k);

/// Packs 16 rows into one panel. `rows[j]` points at row j's `k` elements (float32 for
/// NK_FORMAT_F32, 16-bit little-endian for the others), or is NULL for a zero padding row.
void nk_pack_panel(int format, const void *const rows[16], size_t k, void *panel);

/// Packs 16 rows into one panel of a grouped format (NK_FORMAT_Q8, _Q4, _Q8_G16). For row j,
/// `q[j]` holds its k integers (−128…127 for Q8, 0…15 for Q4) and `scale[j]`, `offset[j]` its
/// one constant per group; all three NULL for a zero padding row. `k` is a multiple of the group.
void nk_pack_grouped_panel(int format, const int8_t *const q[16], const float *const scale[16],
                           const float *const offset[16], size_t k, void *panel);

/// C[i][col] for rows 0..<m and the panels [panel_begin, panel_end) (columns 16·panel_begin ..<
/// min(n, 16·panel_end)):  C[i][j] = Σ_k x[i][k]·w[j][k], one fused-multiply-add chain per element
/// in k order from +0. `x` rows are `ldx` floats apart, `c` rows `ldc` floats apart.
void nk_gemm(int level, int format, const float *x, size_t ldx, size_t m, size_t k,
             const void *panels, size_t n, size_t panel_begin, size_t panel_end, float *c, size_t ldc);

/// The same product on bf16 activations with `vdpbf16ps` (AVX512-BF16 only; bf16 panels only).
/// `xb` holds the activations' bf16 bits, rows `ldxb` (even, ≥ k) elements apart, zero-padded
/// to an even length. Each step adds one k pair (x0·w0 + x1·w1) to the float32 accumulator.
void nk_gemm_bf16dot(const uint16_t *xb, size_t ldxb, size_t m, size_t k,
                     const void *panels, size_t n, size_t panel_begin, size_t panel_end, float *c, size_t ldc);

/// bf16 bits of `count` floats (round to nearest even, NaN kept a NaN), then `pad` zeros.
void nk_to_bf16(const float *x, size_t count, uint16_t *out);

/// The floating-point operations of one iteration of `nk_fma_peak` at `level` (0: no peak loop).
size_t nk_fma_peak_flops(int level);

/// `iterations` steps of 12 independent vector fma chains, registers only: the fma peak this core
/// gives right now (benchmarks compare their kernels with it). Returns a sum so it is not elided.
float nk_fma_peak(int level, size_t iterations);

// The other kernels of this module (Swift sees the module through this umbrella header).
#include "ActivationKernels.h"
#include "AttentionKernels.h"
#include "ExponentialKernels.h"
#include "RowSumKernels.h"
#include "MomentKernels.h"
#include "ScanKernels.h"

#endif
