// The two coefficients of an exponential moving average
//   avg = decay·avg + (1 − decay)·x
// in float, the type the optimizers update their buffers in, converted once
// when the plugin is constructed rather than on every step (as ensmallen's
// update policies hold their settings in the element type).
// 1 − decay is formed in double and rounded once, which is not always
// 1.0f − float(decay): for decay = 0.999 the two differ in the last bit.
#pragma once

namespace lrbench_plugins {

struct MovingAverageRate {
  explicit MovingAverageRate(double decay_rate)
      : decay(static_cast<float>(decay_rate)), complement(static_cast<float>(1.0 - decay_rate)) {}

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
    m = m_rate.decay * m + m_rate.complement * g;
    v = v_rate.decay * v + v_rate.complement * (g * g);
  }
};

}  // namespace lrbench_plugins
