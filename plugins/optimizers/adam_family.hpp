// The Adam update shared by the `adam` and `adamw` plugins, which differ only
// in where weight decay enters (a setting, not a copy: optax's adamw is adam
// plus a decoupled decay term; torch's Adam and AdamW likewise).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   L2 (adam):          g = g + weight_decay·w
//   decoupled (adamw):  w = w · (1 − lr·weight_decay)   (never enters m or v)
//   m = beta1·m + (1 − beta1)·g
//   v = beta2·v + (1 − beta2)·g²
//   vmax = max(vmax, v) and v̂ = vmax if amsgrad, else v̂ = v
//   w = w − lr/(1 − beta1^t) · m / (sqrt(v̂)/sqrt(1 − beta2^t) + epsilon)
// epsilon is added after the bias correction of sqrt(v), as torch does.
// References: Kingma & Ba 2015 (Adam); Loshchilov & Hutter 2019 (AdamW);
// Reddi et al. 2018 (AMSGrad).
#pragma once

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "moving_average.hpp"
#include "lrbench/math.hpp"

namespace lrbench_plugins {

enum class WeightDecay { l2, decoupled };

template <WeightDecay Decay>
class AdamFamily : public lrbench::Optimizer {
 public:
  // Reads beta1, beta2, epsilon, weight_decay and amsgrad; the plugin class
  // declares them (with its own defaults and sources). What the
  // per-coordinate update uses is converted to float here, once; the bias
  // corrections and the decoupled shrink depend on t and lr, so they are
  // formed in double from the double settings on every step.
  explicit AdamFamily(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), weight_decay_(v.real("weight_decay")),
        m_rate_(beta1_), v_rate_(beta2_), epsilon_(static_cast<float>(v.real("epsilon"))),
        l2_(static_cast<float>(weight_decay_)), amsgrad_(v.flag("amsgrad")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto size = static_cast<Eigen::Index>(layout.size());
    m_.setZero(size);
    v_.setZero(size);
    vmax_.setZero(amsgrad_ ? size : 0);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const double lr = context.lr;
    const double t = static_cast<double>(context.step);
    const float step_size = static_cast<float>(lr / (1.0 - lrbench::math::pow(beta1_, t)));
    const float inv_bc2_sqrt = static_cast<float>(1.0 / std::sqrt(1.0 - lrbench::math::pow(beta2_, t)));
    const float shrink = static_cast<float>(1.0 - lr * weight_decay_);

    if (amsgrad_) {
      update<true>(weights, grads, step_size, inv_bc2_sqrt, shrink);
    } else {
      update<false>(weights, grads, step_size, inv_bc2_sqrt, shrink);
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return amsgrad_ ? 3 : 2; }

 private:
  // One fused pass (each buffer crosses the memory bus once per step), a
  // plain loop that the compiler vectorises: Eigen's sqrt stays scalar under
  // EIGEN_FAST_MATH=0, while std::sqrt, with -fno-math-errno (every plugin's
  // flags), is the correctly rounded vector instruction. Per element, in
  // float and in this order:
  //   m = decay·m + complement·g,  v = decay·v + complement·(g·g)
  //   w = w − (step_size·m)/(sqrt(v̂)·inv_bc2_sqrt + epsilon)          (L2)
  //   w = shrink·w − (step_size·m)/(sqrt(v̂)·inv_bc2_sqrt + epsilon)   (decoupled)
  // Settings are copied to locals, so that no store can alias them.
  template <bool Amsgrad>
  void update(std::span<float> weights, std::span<const float> grads, float step_size, float inv_bc2_sqrt,
              float shrink) {
    float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    float* __restrict m = m_.data();
    float* __restrict v = v_.data();
    float* __restrict vmax = vmax_.data();
    const AdamMoments moments{m_rate_, v_rate_};
    const float epsilon = epsilon_, l2 = l2_;
    const std::size_t n = weights.size();
    for (std::size_t i = 0; i < n; ++i) {
      float gi = g[i];
      if constexpr (Decay == WeightDecay::l2) gi = g[i] + l2 * w[i];
      moments.advance(m[i], v[i], gi);
      const float mi = m[i], vi = v[i];
      float v_hat = vi;
      if constexpr (Amsgrad) {
        v_hat = std::max(vmax[i], vi);  // Eigen's max: vi only when vmax < vi
        vmax[i] = v_hat;
      }
      const float step = step_size * mi / (std::sqrt(v_hat) * inv_bc2_sqrt + epsilon);
      if constexpr (Decay == WeightDecay::l2) {
        w[i] = w[i] - step;
      } else {
        w[i] = shrink * w[i] - step;
      }
    }
  }

  const double beta1_;              // for the bias correction 1 − beta1^t
  const double beta2_;              // for the bias correction 1 − beta2^t
  const double weight_decay_;       // for the decoupled shrink 1 − lr·weight_decay
  const MovingAverageRate m_rate_;  // beta1 and 1 − beta1 in float
  const MovingAverageRate v_rate_;  // beta2 and 1 − beta2 in float
  const float epsilon_;
  const float l2_;                  // weight_decay in float, for the L2 term
  const bool amsgrad_;
  Eigen::ArrayXf m_;     // first moment
  Eigen::ArrayXf v_;     // second moment
  Eigen::ArrayXf vmax_;  // running max of v (amsgrad only)
};

}  // namespace lrbench_plugins
