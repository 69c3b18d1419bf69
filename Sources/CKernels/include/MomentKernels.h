// The two float64 passes over a vocabulary row behind a token's entropy and varentropy
// (Sources/Generation/TokenStatisticsCalculator.swift, `Moments`).
//
// Why C: Swift code here is compiled for baseline x86-64 (SSE2: two doubles a vector); AVX2 and
// AVX-512 need per-function target attributes Swift cannot express.
//
// Arithmetic contract (every level): eight lanes, lane l taking the entries i ≡ l (mod 8) of
// [0, count) in order from +0 (count is a multiple of 8); per entry exactly the operations below
// (multiply, divide, add, subtract; no fma), and each lane sum added first to last onto +0 — the
// bits of the `MomentSums` Swift twins.
#ifndef NUCLEUS_MOMENT_KERNELS_H
#define NUCLEUS_MOMENT_KERNELS_H

#include <stddef.h>

/// sums[0] = Σ w_i and sums[1] = Σ (w_i == 0 ? 0 : w_i · ((double)z_i − maximum)).
void nk_moment_first_pass(int level, const float *logits, const double *weights, size_t count, double maximum,
                          double sums[2]);

/// With p = w_i / partition, s = ((double)z_i − maximum) − log_partition and c = s + centre:
/// sums[0] = −Σ (w_i == 0 ? 0 : p · s) (each term subtracted) and sums[1] = Σ (w_i == 0 ? 0 : p · c · c).
void nk_moment_second_pass(int level, const float *logits, const double *weights, size_t count, double maximum,
                           double partition, double log_partition, double centre, double sums[2]);

#endif
