// lrbench deterministic math: sin and cos (part of lrbench/math.hpp).
//
// Double, scalar. x = k·π/2 + r with |r| <= π/4 (Cody–Waite: π/2 in three
// parts, the first two of 33 bits so k·part is exact for |k| < 2^20, r kept
// as a double-double); then the Taylor series of sin or cos on r, its leading
// terms in double-double, picked and signed by k mod 4. Beyond |x| = 2^20
// the argument is first taken modulo 2π rounded to double (std::fmod is
// exact), which keeps the result deterministic but not accurate there.
#pragma once

#ifndef LRBENCH_MATH_INSIDE
#error "include lrbench/math.hpp, not its parts"
#endif

#include <cmath>
#include <limits>

#include "lrbench/math/coefficients.hpp"
#include "lrbench/math/lanes.hpp"

namespace lrbench::math {
inline namespace LRBENCH_MATH_NAMESPACE {
namespace detail {

struct quadrant_reduced {
  dd r;                  // |r| <= π/4 (plus a rounding)
  std::int64_t quadrant;  // k mod 4
};

[[nodiscard]] inline quadrant_reduced reduce_pio2(double x) noexcept {
  namespace c = coefficients;
  if (abs(x) > 0x1p20) x = std::fmod(x, 0x1.921fb54442d18p+2);  // 2π rounded to double
  const double t = x * c::two_over_pi + 0x1.8p52;
  const double k = t - 0x1.8p52;
  const dd r0 = two_sum(x - k * c::pio2_1, -(k * c::pio2_2));
  const dd r = fast_two_sum(r0.hi, r0.lo - k * c::pio2_3);
  return {r, (to_bits(t) - to_bits(0x1.8p52)) & 3};
}

// z = r² as a double-double.
[[nodiscard]] inline dd square(dd r) noexcept {
  const dd z = two_prod(r.hi, r.hi);
  return fast_two_sum(z.hi, z.lo + 2.0 * r.hi * r.lo);
}

// sin(r) = r + r·z·(−1/6 + z·(1/120 + z·P(z))), z = r², |r| <= π/4.
[[nodiscard]] inline double sin_kernel(dd r) noexcept {
  namespace c = coefficients;
  const dd z = square(r);
  const double inner = c::one_120th_hi + z.hi * horner(z.hi, c::sin_d);
  const dd s = add(dd{-c::one_sixth_hi, -c::one_sixth_lo}, mul(z, inner));
  return add(r, mul(mul(r, z), s)).hi;
}

// cos(r) = 1 + z·(−1/2 + z·(1/24 + z·P(z))), z = r², |r| <= π/4.
[[nodiscard]] inline double cos_kernel(dd r) noexcept {
  namespace c = coefficients;
  const dd z = square(r);
  const dd inner = add(dd{c::one_24th_hi, c::one_24th_lo}, dd{z.hi * horner(z.hi, c::cos_d), 0.0});
  const dd s = add(dd{-0.5, 0.0}, mul(z, inner));
  return add(dd{1.0, 0.0}, mul(z, s)).hi;
}

}  // namespace detail

[[nodiscard]] inline double sin(double x) noexcept {
  if (x - x != 0.0) return std::numeric_limits<double>::quiet_NaN();  // inf or NaN
  if (x == 0.0) return x;                                               // keeps the sign of zero
  const auto [r, q] = detail::reduce_pio2(x);
  switch (q) {
    case 0: return detail::sin_kernel(r);
    case 1: return detail::cos_kernel(r);
    case 2: return -detail::sin_kernel(r);
    default: return -detail::cos_kernel(r);
  }
}

[[nodiscard]] inline double cos(double x) noexcept {
  if (x - x != 0.0) return std::numeric_limits<double>::quiet_NaN();
  const auto [r, q] = detail::reduce_pio2(x);
  switch (q) {
    case 0: return detail::cos_kernel(r);
    case 1: return -detail::sin_kernel(r);
    case 2: return -detail::cos_kernel(r);
    default: return detail::sin_kernel(r);
  }
}

// Float sin and cos through the double ones, rounded once more.
[[nodiscard]] inline float sin(float x) noexcept { return static_cast<float>(sin(static_cast<double>(x))); }
[[nodiscard]] inline float cos(float x) noexcept { return static_cast<float>(cos(static_cast<double>(x))); }

}  // inline namespace LRBENCH_MATH_NAMESPACE
}  // namespace lrbench::math
