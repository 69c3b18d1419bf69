// The float64 exponentials of a logits row, e^((z − max) / T), for the sampler and the token
// statistics (Sources/Generation).
//
// Why C: the row is 32k–256k entries per generated token, and Swift code here is compiled for
// baseline x86-64 (SSE2, two doubles a vector); AVX2 needs a per-function target attribute that
// Swift cannot express.
//
// Arithmetic contract: every entry is computed with exactly the operations of `exponential` in
// Sources/Generation/Exponential.swift (Cody–Waite reduction, degree-12 Taylor polynomial in Horner
// form, multiply then add, no fma, 2^k built from bits), so every level gives the bits of the Swift
// function, on every platform.
#ifndef NUCLEUS_EXPONENTIAL_KERNELS_H
#define NUCLEUS_EXPONENTIAL_KERNELS_H

#include <stddef.h>

/// out[i] = exponential((double(z[i]) − maximum) / temperature) for i < count; the division is
/// skipped when temperature is 1 (it would change no bit). NaN entries give NaN.
void nk_shifted_exponentials(int level, const float *z, size_t count, double maximum, double temperature, double *out);

#endif
