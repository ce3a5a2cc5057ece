// lrbench SDK: deterministic math, the same bits on every CPU, compiler and
// C library.
//
// libm's exp, log, pow, cos, ... differ in their last bits between library
// versions and between the code paths a library picks for the CPU it runs
// on, and sums change with the order a compiler vectorises them in. A
// benchmark whose committed results must be reproduced bit for bit on any
// machine cannot use either where the value reaches a result. Everything
// here is built only from IEEE-754 basic operations (+ − × ÷ √, which round
// correctly on every conforming platform), comparisons and integer bit
// manipulation, in an order fixed by the source. Header-only, so plugins use
// it too.
//
//   float and double:  exp  expm1  log  pow  sin  cos  tanh  sigmoid  erf
//   spans of float or double:  sum  dot  squared_norm  (fixed order, width 16)
//
// Accuracy: maximum error in ulp against a higher-precision reference
// (tests/math/accuracy_test.cpp measures it on every run; docs/math.md has
// the table with the ranges).
//
// Requirements. IEEE-754 binary32/binary64 arithmetic rounding to nearest,
// evaluated in the type's own precision (FLT_EVAL_METHOD == 0: SSE2 on
// x86-64, every aarch64), and no fused multiply-add contraction of a·b + c:
// this header switches contraction off for its own functions (GCC: optimize
// pragma; Clang: #pragma clang fp contract), and lrbench builds everything
// with -ffp-contract=off. -ffast-math (or -fassociative-math,
// -freciprocal-math, -ffinite-math-only) breaks the guarantees.
//
// Lanes. exp, expm1, log, tanh, sigmoid and erf for float are templates on a
// "lane type" (detail::exp_lanes etc.): scalar float, or a GCC/Clang vector
// of floats, with identical results per lane. The model's kernels use them
// on vectors.
//
// Per-target builds: a translation unit compiled for another instruction set
// (lrbench's model kernels) defines LRBENCH_MATH_NAMESPACE before including
// this header, so its copies of these inline functions get their own symbol
// names and the linker cannot mix them with the baseline copies.
#pragma once

#include <cfloat>

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "lrbench/math.hpp needs float and double evaluated in their own precision (FLT_EVAL_METHOD == 0)"
#endif
#if defined(__FAST_MATH__)
#error "lrbench/math.hpp cannot be deterministic under -ffast-math"
#endif

#ifndef LRBENCH_MATH_NAMESPACE
#define LRBENCH_MATH_NAMESPACE portable
#endif

#define LRBENCH_MATH_INSIDE
#if defined(__clang__)
#pragma float_control(push)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#endif

#include "lrbench/math/coefficients.hpp"
#include "lrbench/math/lanes.hpp"
#include "lrbench/math/exp_log.hpp"
#include "lrbench/math/trig.hpp"
#include "lrbench/math/special.hpp"
#include "lrbench/math/reduce.hpp"

#if defined(__clang__)
#pragma float_control(pop)
#elif defined(__GNUC__)
#pragma GCC pop_options
#endif
#undef LRBENCH_MATH_INSIDE
