// lrbench deterministic math: the building blocks (part of lrbench/math.hpp).
//
// Lanes. The float functions are written once, for a "lane type" V that is
// either a scalar float or a GCC/Clang vector of floats
// (float __attribute__((vector_size(N)))). They use only + − × ÷, comparisons,
// selects and integer bit manipulation, never a branch on a value, so every
// lane of a vector computes exactly what the scalar function computes for
// that lane's value, on every instruction set.
//
// Double-double. Some double functions carry an intermediate result as an
// unevaluated sum hi + lo of two doubles (Dekker 1971; Knuth TAOCP vol. 2,
// §4.2.2), which gives about 106 bits where 53 would lose the last one.
// The error-free transformations below rely on every operation rounding
// once, to nearest: they break under fused multiply-add contraction, which
// math.hpp switches off for its own code.
#pragma once

#ifndef LRBENCH_MATH_INSIDE
#error "include lrbench/math.hpp, not its parts"
#endif

#include <bit>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace lrbench::math {
inline namespace LRBENCH_MATH_NAMESPACE {
namespace detail {

// --- lanes ---------------------------------------------------------------

template <class V>
concept vector_lanes = requires(V v) { v[0]; };

template <class V>
struct lane_info;
template <>
struct lane_info<float> {
  using scalar = float;
  using bits = std::int32_t;
};
template <>
struct lane_info<double> {
  using scalar = double;
  using bits = std::int64_t;
};
// A comparison of two vectors yields the signed integer vector of the same
// lane count and width: that is the vector's bit type.
template <vector_lanes V>
struct lane_info<V> {
  using scalar = std::remove_cvref_t<decltype(std::declval<V&>()[0])>;
  using bits = decltype(std::declval<V>() < std::declval<V>());
};

template <class V>
using scalar_t = typename lane_info<V>::scalar;
template <class V>
using bits_t = typename lane_info<V>::bits;

// The element type of a lane type (itself for a scalar).
template <class V>
struct element {
  using type = V;
};
template <vector_lanes V>
struct element<V> {
  using type = std::remove_cvref_t<decltype(std::declval<V&>()[0])>;
};

// Every lane set to s. (s − 0 is s for every s, −0 and NaN included; s + 0
// would turn −0 into +0.)
template <class V>
[[nodiscard]] inline V splat(scalar_t<V> s) noexcept {
  return s - V{};
}

// Per lane: m ? a : b (a vector condition selects lane by lane).
template <class M, class V>
[[nodiscard]] inline V select(M m, V a, V b) noexcept {
  return m ? a : b;
}

template <class V>
[[nodiscard]] inline bits_t<V> to_bits(V x) noexcept {
  return std::bit_cast<bits_t<V>>(x);
}
template <class V>
[[nodiscard]] inline V from_bits(bits_t<V> i) noexcept {
  return std::bit_cast<V>(i);
}

// The sign bit of V's element type, as that type's signed integer.
template <class V>
inline constexpr auto sign_bit = static_cast<typename element<bits_t<V>>::type>(
    sizeof(scalar_t<V>) == 4 ? 0x80000000ULL : 0x8000000000000000ULL);

// |x|, and x with the sign of s: bit operations, exact.
template <class V>
[[nodiscard]] inline V abs(V x) noexcept {
  return from_bits<V>(to_bits(x) & ~sign_bit<V>);
}
template <class V>
[[nodiscard]] inline V copysign(V magnitude, V s) noexcept {
  return from_bits<V>((to_bits(magnitude) & ~sign_bit<V>) | (to_bits(s) & sign_bit<V>));
}

// low <= x <= high by selects; a NaN x passes through unchanged (both
// comparisons are false), and each caller says what it does with it.
template <class V>
[[nodiscard]] inline V clamp(V x, scalar_t<V> low, scalar_t<V> high) noexcept {
  x = select(x > high, splat<V>(high), x);
  return select(x < low, splat<V>(low), x);
}

// Horner's rule, highest coefficient last: c[0] + x·(c[1] + x·(... + x·c[n−1])).
template <class V, class S, std::size_t N>
[[nodiscard]] inline V horner(V x, const S (&c)[N]) noexcept {
  V p = splat<V>(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 0;) p = p * x + c[i];
  return p;
}

// --- double-double ----------------------------------------------------------

struct dd {
  double hi;
  double lo;
};

// s + e = a + b exactly (Knuth's TwoSum; any magnitudes).
[[nodiscard]] inline dd two_sum(double a, double b) noexcept {
  const double s = a + b;
  const double bb = s - a;
  const double e = (a - (s - bb)) + (b - bb);
  return {s, e};
}

// s + e = a + b exactly, when |a| >= |b| or a == 0 (Dekker's FastTwoSum).
[[nodiscard]] inline dd fast_two_sum(double a, double b) noexcept {
  const double s = a + b;
  return {s, b - (s - a)};
}

// a = hi + lo with 26 significant bits each (Veltkamp's splitting, constant
// 2^27 + 1); exact for |a| < 2^996.
[[nodiscard]] inline dd split(double a) noexcept {
  const double c = 134217729.0 * a;
  const double hi = c - (c - a);
  return {hi, a - hi};
}

// p + e = a·b exactly (Dekker's TwoProduct, without FMA).
[[nodiscard]] inline dd two_prod(double a, double b) noexcept {
  const double p = a * b;
  const dd x = split(a);
  const dd y = split(b);
  const double e = ((x.hi * y.hi - p) + x.hi * y.lo + x.lo * y.hi) + x.lo * y.lo;
  return {p, e};
}

// Sums and products of double-doubles, renormalised (relative error about 2^-104).
[[nodiscard]] inline dd add(dd a, dd b) noexcept {
  const dd s = two_sum(a.hi, b.hi);
  return fast_two_sum(s.hi, s.lo + (a.lo + b.lo));
}
[[nodiscard]] inline dd mul(dd a, dd b) noexcept {
  const dd p = two_prod(a.hi, b.hi);
  return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}
[[nodiscard]] inline dd mul(dd a, double b) noexcept {
  const dd p = two_prod(a.hi, b);
  return fast_two_sum(p.hi, p.lo + a.lo * b);
}

}  // namespace detail
}  // inline namespace LRBENCH_MATH_NAMESPACE
}  // namespace lrbench::math
