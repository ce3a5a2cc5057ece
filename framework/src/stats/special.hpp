// The only transcendental functions the statistics use, in one place.
//
// Every number this module produces must come out bit-identical on every
// machine, and libm's erfc and log differ in their last bits between C
// libraries and between the code paths one library picks for the CPU it runs
// on. Everything else in lrbench_stats is built from +, −, ×, ÷ and √, which
// IEEE 754 rounds correctly everywhere, in an order fixed by the source.
//
// These wrappers forward to libm for now; when the deterministic SDK math
// (lrbench/math.hpp, namespace lrbench::math) is merged, they forward there
// instead and nothing else in the module changes.
#pragma once

#include <cmath>

namespace lrbench::stats::special {

// erfc(x) = 1 − erf(x) = (2/√π) ∫_x^∞ e^(−t²) dt, accurate in the tail where
// 1 − erf(x) would cancel (Mann–Whitney p-values far below 1e-16).
[[nodiscard]] inline double erfc(double x) noexcept { return std::erfc(x); }

// Natural logarithm.
[[nodiscard]] inline double log(double x) noexcept { return std::log(x); }

// Base-10 logarithm as log(x) / ln 10, so that it inherits log's portability
// (ln 10 = 2.302585092994045684…, the nearest double written in hex).
[[nodiscard]] inline double log10(double x) noexcept { return log(x) / 0x1.26bb1bbb55516p+1; }

}  // namespace lrbench::stats::special
