// Sums of embedding rows for the nucleus cosine of the token statistics
// (Sources/Generation/NormalizedEmbeddings.swift): the mean pairwise cosine of k rows is taken from
// ‖Σ û_i‖², so each generated token adds up its nucleus's k rows (up to thousands) of the model's
// width in float64.
//
// Why C: Swift code here is compiled for baseline x86-64 (SSE2: two doubles a vector, and the sums
// go through memory); AVX2 needs a per-function target attribute Swift cannot express.
//
// Arithmetic contract (every level): sum[j] and weighted[j] start from +0 and add, for i = 0…count−1
// in order, double(row_i[j]) and weights[i] · double(row_i[j]) (multiply, then add; no fma), so
// every level gives the bits of that plain loop.
#ifndef NUCLEUS_ROW_SUM_KERNELS_H
#define NUCLEUS_ROW_SUM_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// sum[j] = Σ_i rows[ids[i]·dimension + j] and weighted[j] = Σ_i weights[i]·rows[ids[i]·dimension + j]
/// for j < dimension, in float64, over the `count` ids in order.
void nk_weighted_row_sums(int level, const float *rows, size_t dimension, const int32_t *ids, const double *weights,
                          size_t count, double *sum, double *weighted);

#endif
