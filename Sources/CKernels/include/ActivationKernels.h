// The gated activation of SwiGLU feed-forward layers (Sources/Kernels/Activation.swift): one
// exponential per hidden unit per token, 3–5 % of a small model's decode time when taken from libm
// one value at a time.
//
// Why C: Swift code here is compiled for baseline x86-64 (SSE2, no fma or 256-bit vectors), and
// libm's expf is one call per value; AVX2 needs a per-function target attribute Swift cannot express.
//
// Arithmetic contract: e^−x is Exponential.swift's float64 `exponential(−Double(x))` (the bits of
// ExponentialKernels.c), rounded once to float — correctly rounded except within about 1e−16 of a
// rounding boundary, as libm's expf nearly always is — then silu(x)·up = (x / (1 + e)) · up in
// float, so every level gives the bits of `Elementwise.silu(x) * up` on every platform.
#ifndef NUCLEUS_ACTIVATION_KERNELS_H
#define NUCLEUS_ACTIVATION_KERNELS_H

#include <stddef.h>

/// out[i] = silu(gate[i]) · up[i] for i < count.
void nk_silu_gated(int level, float *out, const float *gate, const float *up, size_t count);

#endif
