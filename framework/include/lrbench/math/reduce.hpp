// lrbench deterministic math: fixed-order reductions (part of lrbench/math.hpp).
//
// A sum of n numbers rounds differently in every order, and compilers and
// libraries pick the order from the vector width of the CPU they target.
// These reductions fix it, with a logical width of 16 lanes whatever the
// hardware's:
//
//   lane i (0 <= i < 16) accumulates x[i], x[i + 16], x[i + 32], ... in that
//   order, starting from +0;
//   the 16 lane sums are then added pairwise by halving:
//     v[i] += v[i + 8] (i < 8), v[i] += v[i + 4] (i < 4), v[i] += v[i + 2],
//     v[0] += v[1];
//   the result is v[0].
//
// The same order on every CPU and compiler: a 16-float logical vector is one
// AVX-512 register, two AVX or four SSE registers, with the same result. The
// model's kernels reduce over a minibatch in exactly this order.
#pragma once

#ifndef LRBENCH_MATH_INSIDE
#error "include lrbench/math.hpp, not its parts"
#endif

#include <cstddef>
#include <span>

namespace lrbench::math {
inline namespace LRBENCH_MATH_NAMESPACE {

// The logical width of every fixed-order reduction.
inline constexpr std::size_t reduction_width = 16;

// The pairwise halving tree over 16 lane sums (above); v is overwritten.
template <class T>
[[nodiscard]] inline T reduce_lanes(T (&v)[reduction_width]) noexcept {
  for (std::size_t half = reduction_width / 2; half >= 1; half /= 2) {
    for (std::size_t i = 0; i < half; ++i) v[i] = v[i] + v[i + half];
  }
  return v[0];
}

namespace detail {

// Σ term(i) for i < n in the fixed order.
template <class T, class Term>
[[nodiscard]] inline T fixed_order_sum(std::size_t n, Term term) noexcept {
  T lanes[reduction_width] = {};
  std::size_t i = 0;
  for (; i + reduction_width <= n; i += reduction_width) {
    for (std::size_t l = 0; l < reduction_width; ++l) lanes[l] = lanes[l] + term(i + l);
  }
  for (std::size_t l = 0; i + l < n; ++l) lanes[l] = lanes[l] + term(i + l);
  return reduce_lanes(lanes);
}

}  // namespace detail

// Σ x[i], Σ x[i]·y[i] (the first min(|x|, |y|) elements) and Σ x[i]², each
// in the fixed order above, in the precision of the elements.
template <class T>
[[nodiscard]] inline T sum(std::span<const T> x) noexcept {
  return detail::fixed_order_sum<T>(x.size(), [&](std::size_t i) { return x[i]; });
}
template <class T>
[[nodiscard]] inline T dot(std::span<const T> x, std::span<const T> y) noexcept {
  const std::size_t n = x.size() < y.size() ? x.size() : y.size();
  return detail::fixed_order_sum<T>(n, [&](std::size_t i) { return x[i] * y[i]; });
}
template <class T>
[[nodiscard]] inline T squared_norm(std::span<const T> x) noexcept {
  return detail::fixed_order_sum<T>(x.size(), [&](std::size_t i) { return x[i] * x[i]; });
}

// Overloads for the common arguments (a std::vector or an array converts to
// a span of const T only through these).
[[nodiscard]] inline float sum(std::span<const float> x) noexcept { return sum<float>(x); }
[[nodiscard]] inline double sum(std::span<const double> x) noexcept { return sum<double>(x); }
[[nodiscard]] inline float dot(std::span<const float> x, std::span<const float> y) noexcept { return dot<float>(x, y); }
[[nodiscard]] inline double dot(std::span<const double> x, std::span<const double> y) noexcept {
  return dot<double>(x, y);
}
[[nodiscard]] inline float squared_norm(std::span<const float> x) noexcept { return squared_norm<float>(x); }
[[nodiscard]] inline double squared_norm(std::span<const double> x) noexcept { return squared_norm<double>(x); }

}  // inline namespace LRBENCH_MATH_NAMESPACE
}  // namespace lrbench::math
