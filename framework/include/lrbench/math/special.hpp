// lrbench deterministic math: tanh, sigmoid, erf (part of lrbench/math.hpp).
//
// Float for lanes (the model's activations), double scalar.
#pragma once

#ifndef LRBENCH_MATH_INSIDE
#error "include lrbench/math.hpp, not its parts"
#endif

#include <limits>

#include "lrbench/math/coefficients.hpp"
#include "lrbench/math/exp_log.hpp"
#include "lrbench/math/lanes.hpp"

namespace lrbench::math {
inline namespace LRBENCH_MATH_NAMESPACE {
namespace detail {

// tanh(x) = sign(x)·e/(e + 2), e = expm1(2|x|): no cancellation near 0, and
// |x| is capped at 9.1, beyond which tanh rounds to 1 in float.
template <class V>
[[nodiscard]] inline V tanh_lanes(V x) noexcept {
  const V a = abs(x);
  const V e = expm1_lanes(2.0F * select(a > 9.1F, splat<V>(9.1F), a));
  return copysign(e / (e + 2.0F), x);
}

// sigmoid(x) = 1/(1 + exp(−x)); exp overflows to +inf for x < −88.7, which
// gives 0.
template <class V>
[[nodiscard]] inline V sigmoid_lanes(V x) noexcept {
  return 1.0F / (1.0F + exp_lanes(-x));
}

// erf(x), odd. |x| < 1: the Taylor series x·Σ c_n x^(2n) (n <= 10);
// 1 <= |x| < 4: 1 − exp(−x²)·g(x), g a degree-12 fit of erfc(x)·exp(x²)
// (coefficients.hpp); from 4 on the same formula at 4, which rounds to 1.
template <class V>
[[nodiscard]] inline V erf_lanes(V x) noexcept {
  namespace c = coefficients;
  const V a = abs(x);
  const V small = a * horner(a * a, c::erf_f);
  const V ac = select(a > 4.0F, splat<V>(4.0F), a);
  const V large = 1.0F - exp_lanes(-(ac * ac)) * horner(ac - c::erfc_f_centre, c::erfc_f);
  return copysign(select(a < 1.0F, small, large), x);
}

// 1 − erf(x) for 1 <= x < 6 in double: exp(−x²)·g(x), x² as a double-double
// (exp(−h − l) = exp(−h)·(1 − l) to within l²), g from one of three fits.
[[nodiscard]] inline double erfc_tail_d(double x) noexcept {
  namespace c = coefficients;
  double g = 0.0;
  if (x < 2.0) {
    g = horner(x - c::erfc_d1_centre, c::erfc_d1);
  } else if (x < 3.5) {
    g = horner(x - c::erfc_d2_centre, c::erfc_d2);
  } else {
    g = horner(x - c::erfc_d3_centre, c::erfc_d3);
  }
  const dd x2 = two_prod(x, x);
  return exp_dd({-x2.hi, 0.0}) * (1.0 - x2.lo) * g;
}

}  // namespace detail

[[nodiscard]] inline float tanh(float x) noexcept { return detail::tanh_lanes(x); }
[[nodiscard]] inline float sigmoid(float x) noexcept { return detail::sigmoid_lanes(x); }
[[nodiscard]] inline float erf(float x) noexcept { return detail::erf_lanes(x); }

// tanh for double, as the float one: sign(x)·e/(e + 2), e = expm1(2|x|),
// with |x| capped at 22 (tanh rounds to 1 from 19.1 on).
[[nodiscard]] inline double tanh(double x) noexcept {
  const double a = detail::abs(x);
  const double e = detail::expm1_d(2.0 * (a > 22.0 ? 22.0 : a));
  return detail::copysign(e / (e + 2.0), x);
}

[[nodiscard]] inline double sigmoid(double x) noexcept { return 1.0 / (1.0 + exp(-x)); }

// erf for double: |x| < 1 the Taylor series (n <= 18); 1 <= |x| < 6
// 1 − erfc(x) (above); from 6 on 1 (erfc(6) < 2^-55).
[[nodiscard]] inline double erf(double x) noexcept {
  const double a = detail::abs(x);
  if (a != a) return x;
  double y = 1.0;
  if (a < 1.0) {
    y = a * detail::horner(a * a, coefficients::erf_d);
  } else if (a < 6.0) {
    y = 1.0 - detail::erfc_tail_d(a);
  }
  return detail::copysign(y, x);
}

}  // inline namespace LRBENCH_MATH_NAMESPACE
}  // namespace lrbench::math
