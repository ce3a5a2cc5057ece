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

namespace lrbench_plugins {

enum class WeightDecay { l2, decoupled };

template <WeightDecay Decay>
class AdamFamily : public lrbench::Optimizer {
 public:
  // Reads beta1, beta2, epsilon, weight_decay and amsgrad; the plugin class
  // declares them (with its own defaults and sources).
  explicit AdamFamily(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), epsilon_(v.real("epsilon")),
        weight_decay_(v.real("weight_decay")), amsgrad_(v.flag("amsgrad")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto size = static_cast<Eigen::Index>(layout.size());
    m_.setZero(size);
    v_.setZero(size);
    vmax_.setZero(amsgrad_ ? size : 0);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const double lr = context.lr;
    const double t = static_cast<double>(context.step);
    const float step_size = static_cast<float>(lr / (1.0 - std::pow(beta1_, t)));
    const float inv_bc2_sqrt = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(beta2_, t)));
    const float b1 = static_cast<float>(beta1_), b2 = static_cast<float>(beta2_);
    const float c1 = static_cast<float>(1.0 - beta1_), c2 = static_cast<float>(1.0 - beta2_);
    const float eps = static_cast<float>(epsilon_);
    const float l2 = static_cast<float>(weight_decay_);
    const float shrink = static_cast<float>(1.0 - lr * weight_decay_);

    // Three passes per block of kBlock coordinates: the block stays in L1, so
    // weights, gradients and state cross the memory bus once per step, not
    // three times (large models are memory-bound here).
    const auto n = static_cast<Eigen::Index>(weights.size());
    for (Eigen::Index start = 0; start < n; start += kBlock) {
      const Eigen::Index len = std::min(kBlock, n - start);
      Eigen::Map<Eigen::ArrayXf> w(weights.data() + start, len);
      Eigen::Map<const Eigen::ArrayXf> g(grads.data() + start, len);
      auto m = m_.segment(start, len);
      auto v = v_.segment(start, len);
      if constexpr (Decay == WeightDecay::l2) {
        m = b1 * m + c1 * (g + l2 * w);
        v = b2 * v + c2 * (g + l2 * w).square();
      } else {
        m = b1 * m + c1 * g;
        v = b2 * v + c2 * g.square();
      }
      auto v_hat = amsgrad_ ? vmax_.segment(start, len) : v;
      if (amsgrad_) v_hat = v_hat.max(v);
      if constexpr (Decay == WeightDecay::l2) {
        w -= step_size * m / (v_hat.sqrt() * inv_bc2_sqrt + eps);
      } else {
        w = shrink * w - step_size * m / (v_hat.sqrt() * inv_bc2_sqrt + eps);
      }
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return amsgrad_ ? 3 : 2; }

 private:
  static constexpr Eigen::Index kBlock = 2048;  // 8 KiB per buffer
  const double beta1_;
  const double beta2_;
  const double epsilon_;
  const double weight_decay_;
  const bool amsgrad_;
  Eigen::ArrayXf m_;     // first moment
  Eigen::ArrayXf v_;     // second moment
  Eigen::ArrayXf vmax_;  // running max of v (amsgrad only)
};

}  // namespace lrbench_plugins
