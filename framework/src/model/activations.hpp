// Activations and their derivatives on lane vectors (model/spec.hpp has the
// formulas), from lrbench::math's lane functions for float and its scalar
// functions, lane by lane, for double (the double model exists for gradient
// checks). Per-ISA code: see simd.hpp.
#pragma once

#include "lrbench/math.hpp"
#include "model/simd.hpp"
#include "model/spec.hpp"

namespace lrbench::model::LRBENCH_MODEL_ISA {

inline constexpr double kLeakySlope = 0.01;  // rounded to the precision in use

// f on every lane of a double lane vector, one at a time.
template <class V, class F>
[[gnu::always_inline]] inline V each_lane(V v, F f) noexcept {
  for (int i = 0; i < V::N; ++i) {
    for (int j = 0; j < V::W; ++j) v.p[i][j] = f(v.p[i][j]);
  }
  return v;
}

template <class V>
[[gnu::always_inline]] inline V exp_v(V v) noexcept {
  if constexpr (sizeof(typename V::scalar) == 4) {
    return each_native(v, [](auto n) { return math::detail::exp_lanes(n); });
  } else {
    return each_lane(v, [](double x) { return math::exp(x); });
  }
}
template <class V>
[[gnu::always_inline]] inline V log_v(V v) noexcept {
  if constexpr (sizeof(typename V::scalar) == 4) {
    return each_native(v, [](auto n) { return math::detail::log_lanes(n); });
  } else {
    return each_lane(v, [](double x) { return math::log(x); });
  }
}
template <class V>
[[gnu::always_inline]] inline V tanh_v(V v) noexcept {
  if constexpr (sizeof(typename V::scalar) == 4) {
    return each_native(v, [](auto n) { return math::detail::tanh_lanes(n); });
  } else {
    return each_lane(v, [](double x) { return math::tanh(x); });
  }
}
template <class V>
[[gnu::always_inline]] inline V sigmoid_v(V v) noexcept {
  if constexpr (sizeof(typename V::scalar) == 4) {
    return each_native(v, [](auto n) { return math::detail::sigmoid_lanes(n); });
  } else {
    return each_lane(v, [](double x) { return math::sigmoid(x); });
  }
}
template <class V>
[[gnu::always_inline]] inline V erf_v(V v) noexcept {
  if constexpr (sizeof(typename V::scalar) == 4) {
    return each_native(v, [](auto n) { return math::detail::erf_lanes(n); });
  } else {
    return each_lane(v, [](double x) { return math::erf(x); });
  }
}

// Does the backward pass need the pre-activation z, or is the output
// a = f(z) enough? (relu' = [a > 0], tanh' = 1 − a², sigmoid' = a(1 − a).)
[[nodiscard]] constexpr bool needs_pre_activation(Activation f) noexcept { return f == Activation::gelu; }

// a = f(z).
template <Activation F, class V>
[[gnu::always_inline]] inline V activate(V z) noexcept {
  using S = typename V::scalar;
  if constexpr (F == Activation::relu) {
    return select(z > S(0), z, V{});
  } else if constexpr (F == Activation::leaky_relu) {
    return select(z > S(0), z, z * S(kLeakySlope));
  } else if constexpr (F == Activation::tanh) {
    return tanh_v(z);
  } else if constexpr (F == Activation::sigmoid) {
    return sigmoid_v(z);
  } else if constexpr (F == Activation::gelu) {
    // z·Φ(z), Φ(z) = (1 + erf(z/√2))/2.
    const S rsqrt2 = sizeof(S) == 4 ? S(math::coefficients::sqrt_half_f) : S(math::coefficients::sqrt_half_d);
    return z * ((S(1) + erf_v(z * rsqrt2)) * S(0.5));
  } else {
    return z;  // linear, and softmax's logits
  }
}

// delta ⊙ f'(z), from a = f(z) or, for gelu, from z itself:
//   relu' = [a > 0], leaky_relu' = 1 or 0.01, tanh' = 1 − a², sigmoid' = a(1 − a),
//   gelu' = Φ(z) + z·φ(z), φ(z) = exp(−z²/2)/√(2π), linear' = 1.
template <Activation F, class V>
[[gnu::always_inline]] inline V times_derivative(V delta, V a, V z) noexcept {
  using S = typename V::scalar;
  if constexpr (F == Activation::relu) {
    return select(a > S(0), delta, V{});
  } else if constexpr (F == Activation::leaky_relu) {
    return select(a > S(0), delta, delta * S(kLeakySlope));
  } else if constexpr (F == Activation::tanh) {
    return delta * (S(1) - a * a);
  } else if constexpr (F == Activation::sigmoid) {
    return delta * (a * (S(1) - a));
  } else if constexpr (F == Activation::gelu) {
    namespace c = math::coefficients;
    const S rsqrt2 = sizeof(S) == 4 ? S(c::sqrt_half_f) : S(c::sqrt_half_d);
    const S inv_sqrt_2pi = sizeof(S) == 4 ? S(c::inv_sqrt_2pi_f) : S(c::inv_sqrt_2pi_d);
    const V phi_cdf = (S(1) + erf_v(z * rsqrt2)) * S(0.5);
    const V phi_pdf = exp_v(z * z * S(-0.5)) * inv_sqrt_2pi;
    return delta * (phi_cdf + z * phi_pdf);
  } else {
    return delta;
  }
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
