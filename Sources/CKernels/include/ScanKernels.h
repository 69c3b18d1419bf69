// Scanning a logits row for entries above a threshold: the top-k selection of the sampler and the
// token statistics (Sources/Generation/CanonicalTopSelector.swift) offers only those entries to its
// heap, and at V = 32k–256k almost every entry is below the running threshold.
//
// Why C: Swift code here is compiled for baseline x86-64, and its SIMD8 comparison against a value
// that changes during the scan compiles to lane-by-lane stores and reloads (70 % of the selection
// time); the AVX2 compare and movemask need a per-function target attribute Swift cannot express.
#ifndef NUCLEUS_SCAN_KERNELS_H
#define NUCLEUS_SCAN_KERNELS_H

#include <stddef.h>

/// The smallest index i in [start, count) with row[i] > threshold (NaN compares false), or count.
size_t nk_next_above(int level, const float *row, size_t start, size_t count, float threshold);

#endif
