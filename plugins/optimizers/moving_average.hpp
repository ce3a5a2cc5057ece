// The two coefficients of an exponential moving average
//   avg = decay·avg + (1 − decay)·x
// in float, the type the optimizers update their buffers in, converted once
// when the plugin is constructed rather than on every step (as ensmallen's
// update policies hold their settings in the element type).
// 1 − decay is formed in double and rounded once, which is not always
// 1.0f − float(decay): for decay = 0.999 the two differ in the last bit.
#pragma once

#include <cstddef>

namespace lrbench_plugins {

struct MovingAverageRate {
  explicit MovingAverageRate(double decay_rate)
      : decay(static_cast<float>(decay_rate)), complement(static_cast<float>(1.0 - decay_rate)) {}

  // The next average, decay·avg + complement·x, in this order.
  [[nodiscard]] float next(float avg, float x) const noexcept { return decay * avg + complement * x; }

  float decay;       // weight of the old average
  float complement;  // weight of the new value, 1 − decay
};

// Adam's two moments of one element (adam, adamw, nadam, radam), in float:
//   m = beta1·m + (1 − beta1)·g,   v = beta2·v + (1 − beta2)·(g·g)
// Inline, for the plugins' per-element loops (copy it to a local first, so
// that no store in the loop can alias it).
struct AdamMoments {
  MovingAverageRate m_rate;  // beta1
  MovingAverageRate v_rate;  // beta2

  void advance(float& m, float& v, float g) const noexcept {
    m = m_rate.next(m, g);
    v = v_rate.next(v, g * g);
  }
};

// The element pass of the Adam variants whose weight decay is an L2 term
// in the gradient (nadam, radam), per element, in float and in this order:
//   g' = g + weight_decay·w,  the moments on g',  w = update(w, g', m, v).
// The buffers are restrict parameters, so that GCC vectorises the loop with
// `update` inlined (Eigen's sqrt stays scalar under EIGEN_FAST_MATH=0;
// std::sqrt with the plugins' -fno-math-errno is the correctly rounded
// vector instruction).
template <class Update>
inline void l2_adam_pass(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                         std::size_t n, AdamMoments moments, float weight_decay, Update update) {
  for (std::size_t i = 0; i < n; ++i) {
    const float gi = g[i] + weight_decay * w[i];
    moments.advance(m[i], v[i], gi);
    w[i] = update(w[i], gi, m[i], v[i]);
  }
}

}  // namespace lrbench_plugins
