// lrbench deterministic math: exp, expm1, log, pow (part of lrbench/math.hpp).
//
// Float: written for lanes (scalar or vector, see lanes.hpp), for the model's
// kernels. Double: scalar, with double-double intermediates where the last
// bit needs them (log is correctly rounded in all but a vanishing fraction of
// cases, so it agrees with glibc's, which numpy's make_blobs uses).
#pragma once

#ifndef LRBENCH_MATH_INSIDE
#error "include lrbench/math.hpp, not its parts"
#endif

#include <limits>

#include "lrbench/math/coefficients.hpp"
#include "lrbench/math/lanes.hpp"

namespace lrbench::math {
inline namespace LRBENCH_MATH_NAMESPACE {
namespace detail {

// 2^k for integer lanes k in [-252, 254], as the product of two normal
// powers 2^(k>>1)·2^(k − (k>>1)), so the caller's x·2^k rounds once even
// when the result is subnormal.
template <class V>
struct pow2_pair {
  V first;
  V second;
};
template <class V>
[[nodiscard]] inline pow2_pair<V> pow2_f(bits_t<V> k) noexcept {
  const bits_t<V> k1 = k >> 1;
  const bits_t<V> k2 = k - k1;
  return {from_bits<V>((k1 + 127) << 23), from_bits<V>((k2 + 127) << 23)};
}
[[nodiscard]] inline pow2_pair<double> pow2_d(std::int64_t k) noexcept {
  const std::int64_t k1 = k >> 1;
  const std::int64_t k2 = k - k1;
  return {from_bits<double>((k1 + 1023) << 52), from_bits<double>((k2 + 1023) << 52)};
}

// Cody–Waite reduction for float exp: x = k·ln2 + r, |r| <= ln2/2 (+ a
// rounding), k = nearest integer to x·log2(e) by the 1.5·2^23 trick (adding
// it leaves the integer in the low mantissa bits). k·ln2_hi is exact (12-bit
// constant, |k| <= 151), and so is x − k·ln2_hi (Sterbenz).
template <class V>
struct reduced_f {
  V r;
  bits_t<V> k;
};
template <class V>
[[nodiscard]] inline reduced_f<V> reduce_ln2_f(V x) noexcept {
  namespace c = coefficients;
  const V t = x * c::log2e_f + 0x1.8p23F;
  const V k = t - 0x1.8p23F;
  const V r = (x - k * c::ln2_f_hi) - k * c::ln2_f_lo;
  return {r, to_bits(t) - 0x4B400000};
}

// exp(x) for float lanes. x = k·ln2 + r; exp(r) = 1 + (r + r²·P(r)), P the
// Taylor series 1/2! .. 1/7! (truncation below 2^-27 relative for
// |r| <= 0.35); result = exp(r)·2^k. Arguments are clamped to [-104, 89],
// beyond which the result is 0 or +inf anyway; NaN returns NaN.
template <class V>
[[nodiscard]] inline V exp_lanes(V x) noexcept {
  const auto nan = x != x;
  const V xc = select(nan, V{}, clamp(x, -104.0F, 89.0F));
  const auto [r, k] = reduce_ln2_f(xc);
  const V p = 1.0F + (r + (r * r) * horner(r, coefficients::exp_f));
  const auto s = pow2_f<V>(k);
  return select(nan, x, (p * s.first) * s.second);
}

// expm1(x) = exp(x) − 1 for float lanes, accurate near 0. With x = k·ln2 + r
// and e = expm1(r) = r + r²·P(r): for k = 0 the result is e; for |k| < 25
// it is 2^k·e + (2^k − 1), where 2^k − 1 is exact; from k = 25 on, the −1
// no longer matters: (1 + e)·2^k − 1.
template <class V>
[[nodiscard]] inline V expm1_lanes(V x) noexcept {
  const auto nan = x != x;
  const V xc = select(nan, V{}, clamp(x, -104.0F, 89.0F));
  const auto [r, k] = reduce_ln2_f(xc);
  const V e = r + (r * r) * horner(r, coefficients::exp_f);
  const auto s = pow2_f<V>(k);
  const V scale = s.first * s.second;  // 2^k: normal for |k| < 25, where it is used
  const V small = e * scale + (scale - 1.0F);
  const V large = ((e + 1.0F) * s.first) * s.second - 1.0F;
  // x itself where it is NaN or ±0 (which keeps the sign of zero).
  return select(nan | (x == 0.0F), x, select(k >= 25, large, small));
}

// log(x) for float lanes. x = 2^e·m with m in [√½, √2) (by integer
// arithmetic on the bits, subnormals scaled by 2^23 first), f = m − 1
// (exact), s = f/(2 + f): log(m) = 2·atanh(s) = 2s + s·T, T = Σ 2z^k/(2k+1),
// z = s², and 2s = f − s·f, so log(m) = f − s·(f − T). Then
// log(x) = e·ln2_hi + (f − (s·(f − T) − e·ln2_lo)). 0 gives −inf, negative
// numbers and NaN give NaN, +inf gives +inf.
template <class V>
[[nodiscard]] inline V log_lanes(V x) noexcept {
  namespace c = coefficients;
  using I = bits_t<V>;
  const auto subnormal = x < 0x1p-126F;
  const V xs = select(subnormal, x * 0x1p23F, x);
  // |x|'s bits: a negative lane's result is replaced by NaN below anyway, and
  // its sign bit would make this subtraction overflow (UB; UBSan caught it).
  const I ix = to_bits(abs(xs)) - 0x3f3504f3;  // bits of √½ (rounded)
  const I e_int = (ix >> 23) - select(subnormal, I{} + 23, I{});
  const V m = from_bits<V>((ix & 0x007fffff) + 0x3f3504f3);
  const V e = from_bits<V>(e_int + 0x4B400000) - 0x1.8p23F;  // exact integer to float
  const V f = m - 1.0F;
  const V s = f / (2.0F + f);
  const V z = s * s;
  const V t = z * horner(z, c::atanh_f);
  V y = e * c::ln2_f_hi + (f - (s * (f - t) - e * c::ln2_f_lo));
  constexpr float inf = std::numeric_limits<float>::infinity();
  y = select(x == 0.0F, splat<V>(-inf), y);
  y = select((x < 0.0F) | (x != x), splat<V>(std::numeric_limits<float>::quiet_NaN()), y);
  return select(x == inf, x, y);
}

// --- double ----------------------------------------------------------------

// exp(a.hi + a.lo) as a double, |a.lo| <= ulp(a.hi). x = k·ln2 + r with
// r = r.hi + r.lo a double-double (k·ln2_hi exact: 40-bit constant, |k| <=
// 1075); exp(r) = 1 + r + r²/2 + r³/6 + r⁴·P(r), P the Taylor series 1/4! ..
// 1/15! in double (it is under 2^-10 of the result), the first four steps of
// Horner's rule in double-double; rounded once, then scaled by 2^k.
[[nodiscard]] inline double exp_dd(dd a) noexcept {
  namespace c = coefficients;
  if (a.hi != a.hi) return a.hi;
  if (a.hi > 709.79) return std::numeric_limits<double>::infinity();
  if (a.hi < -745.2) return 0.0;
  const double t = a.hi * c::log2e_d + 0x1.8p52;
  const double k = t - 0x1.8p52;
  const dd r0 = two_sum(a.hi - k * c::ln2_d_hi, -(k * c::ln2_d_lo));
  const dd r = fast_two_sum(r0.hi, r0.lo + a.lo);
  const double tail = horner(r.hi, c::exp_d);
  dd p = add(dd{c::one_sixth_hi, c::one_sixth_lo}, mul(r, tail));
  p = add(dd{0.5, 0.0}, mul(p, r));
  p = add(dd{1.0, 0.0}, mul(p, r));
  p = add(dd{1.0, 0.0}, mul(p, r));
  const auto s = pow2_d(to_bits(t) - to_bits(0x1.8p52));
  return (p.hi * s.first) * s.second;
}

// expm1(x) for double: as exp, with e = expm1(r) = r + r²·P(r) (Taylor 1/2!
// .. 1/16!, r's low part added to the leading term), then 2^k·e + (2^k − 1)
// for |k| <= 53 and (1 + e)·2^k − 1 beyond.
[[nodiscard]] inline double expm1_d(double x) noexcept {
  namespace c = coefficients;
  if (x != x || x == 0.0) return x;  // NaN, and ±0 with its sign
  if (x > 709.79) return std::numeric_limits<double>::infinity();
  if (x < -38.0) return -1.0;  // exp(x) < 2^-54: the result rounds to -1
  const double t = x * c::log2e_d + 0x1.8p52;
  const double k = t - 0x1.8p52;
  const dd r = two_sum(x - k * c::ln2_d_hi, -(k * c::ln2_d_lo));
  const double e = r.hi + (r.lo + (r.hi * r.hi) * horner(r.hi, c::expm1_d));
  const std::int64_t ki = to_bits(t) - to_bits(0x1.8p52);
  const auto s = pow2_d(ki);
  if (ki <= 53) {
    const double scale = s.first * s.second;
    return e * scale + (scale - 1.0);
  }
  return ((e + 1.0) * s.first) * s.second - 1.0;
}

// log(x) as a double-double, for finite x > 0. x = 2^e·m, m in [√½, √2),
// f = m − 1 (exact), s = f/(2 + f) in double-double; log(m) = 2·atanh(s) =
// s·(2 + z·(2/3 + z·T(z))), z = s², T = Σ 2z^k/(2k+1) from k = 2 in double
// (under 2^-8 of the result), the rest in double-double; plus e·ln2 in
// double-double. Relative error about 2^-100.
[[nodiscard]] inline dd log_dd(double x) noexcept {
  namespace c = coefficients;
  std::int64_t e_adjust = 0;
  if (x < 0x1p-1022) {  // subnormal: scale into the normal range
    x *= 0x1p54;
    e_adjust = -54;
  }
  const std::int64_t ix = to_bits(x) - to_bits(c::sqrt_half_d);
  const auto e = static_cast<double>((ix >> 52) + e_adjust);
  const double m = from_bits<double>((ix & 0x000fffffffffffffLL) + to_bits(c::sqrt_half_d));
  const double f = m - 1.0;
  const dd u = two_sum(2.0, f);
  const double s_hi = f / u.hi;
  const dd p = two_prod(s_hi, u.hi);
  const double s_lo = (((f - p.hi) - p.lo) - s_hi * u.lo) / u.hi;
  const dd s{s_hi, s_lo};
  dd z = two_prod(s_hi, s_hi);
  z = fast_two_sum(z.hi, z.lo + 2.0 * s_hi * s_lo);
  const dd two_thirds{c::two_thirds_hi, c::two_thirds_lo};
  dd q = add(two_thirds, dd{z.hi * horner(z.hi, c::atanh_d), 0.0});
  q = add(dd{2.0, 0.0}, mul(q, z));
  const dd log_m = mul(q, s);
  dd e_ln2 = two_prod(e, c::ln2_hi);
  e_ln2.lo += e * c::ln2_lo;
  return add(e_ln2, log_m);
}

}  // namespace detail

// --- public functions --------------------------------------------------------

[[nodiscard]] inline float exp(float x) noexcept { return detail::exp_lanes(x); }
[[nodiscard]] inline float expm1(float x) noexcept { return detail::expm1_lanes(x); }
[[nodiscard]] inline float log(float x) noexcept { return detail::log_lanes(x); }

[[nodiscard]] inline double exp(double x) noexcept { return detail::exp_dd({x, 0.0}); }
[[nodiscard]] inline double expm1(double x) noexcept { return detail::expm1_d(x); }

[[nodiscard]] inline double log(double x) noexcept {
  if (x != x || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0.0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  return detail::log_dd(x).hi;  // hi is hi + lo rounded (log_dd renormalises)
}

// x^y with the special cases of C99 Annex F (F.9.4.4): pow(x, ±0) = 1 and
// pow(1, y) = 1 even for NaN; a negative x needs an integer y (the sign then
// follows y's parity), otherwise NaN; zeros and infinities as the standard
// lists. Otherwise exp(y·log|x|) with log|x| and the product in
// double-double, so the error stays near half an ulp even where y·log|x| is
// large.
[[nodiscard]] inline double pow(double x, double y) noexcept {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (y == 0.0 || x == 1.0) return 1.0;
  if (x != x || y != y) return x + y;
  const double ay = detail::abs(y);
  // Integer y: ay >= 2^52, or ay survives rounding to an integer (adding and
  // subtracting 2^52 rounds a value below 2^52 to an integer, exactly).
  const bool y_integer = ay >= 0x1p52 || ((ay + 0x1p52) - 0x1p52) == ay;
  const bool y_odd = y_integer && ay < 0x1p53 && ((ay * 0.5 + 0x1p52) - 0x1p52) != ay * 0.5;
  const bool negative = detail::to_bits(x) < 0;  // sign bit, so -0 counts
  if (negative && x != 0.0 && !y_integer && ay != inf) return std::numeric_limits<double>::quiet_NaN();
  const double sign = negative && y_odd ? -1.0 : 1.0;
  const double ax = detail::abs(x);
  if (ay == inf) {
    if (ax == 1.0) return 1.0;
    return (ax < 1.0) == (y > 0.0) ? 0.0 : inf;
  }
  if (ax == 0.0) return y < 0.0 ? sign * inf : sign * 0.0;
  if (ax == inf) return y < 0.0 ? sign * 0.0 : sign * inf;
  const detail::dd l = detail::log_dd(ax);
  const double a0 = y * l.hi;
  if (a0 > 709.79) return sign * inf;
  if (a0 < -745.2) return sign * 0.0;
  detail::dd a = detail::two_prod(y, l.hi);
  a = detail::fast_two_sum(a.hi, a.lo + y * l.lo);
  return sign * detail::exp_dd(a);
}

// Float pow through the double one, rounded once more.
[[nodiscard]] inline float pow(float x, float y) noexcept {
  return static_cast<float>(pow(static_cast<double>(x), static_cast<double>(y)));
}

}  // inline namespace LRBENCH_MATH_NAMESPACE
}  // namespace lrbench::math
