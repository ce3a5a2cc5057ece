// rmsprop: RMSprop with momentum, the centered variant and L2 weight decay, as
// torch.optim.RMSprop (PyTorch 1.13).
//
// With g the gradient and w the weights:
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   v = rho·v + (1 − rho)·g²
//   centered:  a = rho·a + (1 − rho)·g,  d = sqrt(max(v − a², 0)) + epsilon
//   otherwise: d = sqrt(v) + epsilon
//   momentum > 0:  b = momentum·b + g/d,  w = w − lr·b
//   otherwise:     w = w − lr·g/d
// v − a² ≥ 0 in exact arithmetic (Jensen); the max(…, 0) only stops float
// rounding from turning a vanishing variance into NaN, where torch would.
// Reference: Hinton, Coursera "Neural Networks for Machine Learning" lecture
// 6e (2012); centered form: Graves 2013, "Generating Sequences With RNNs".
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "../moving_average.hpp"

namespace {

class RmsProp final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "rmsprop", .version = "1.0.0",
      .description = "RMSprop with momentum and centering (torch.optim.RMSprop)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("rho", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the mean square v (torch calls it alpha)").source("Keras RMSprop default (torch: 0.99)"),
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("added to sqrt(v) in the denominator").source("Keras RMSprop default (torch: 1e-8)"),
      lrbench::real("momentum", 0.0).at_least(0.0).below(1.0)
          .help("momentum factor on the normalised gradient; 0 disables the buffer").source("Keras RMSprop default"),
      lrbench::flag("centered", false)
          .help("divide by the estimated variance sqrt(v - mean(g)^2) instead of sqrt(v)")
          .source("Keras RMSprop default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.RMSprop default"),
  };

  // Settings in float, converted once; whether there is a momentum buffer is
  // decided on the double value.
  explicit RmsProp(const lrbench::ParamValues& v)
      : rate_(v.real("rho")), epsilon_(static_cast<float>(v.real("epsilon"))),
        momentum_(static_cast<float>(v.real("momentum"))), has_momentum_(v.real("momentum") > 0.0),
        centered_(v.flag("centered")), weight_decay_(static_cast<float>(v.real("weight_decay"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto size = static_cast<Eigen::Index>(layout.size());
    v_.setZero(size);
    a_.setZero(centered_ ? size : 0);
    b_.setZero(has_momentum_ ? size : 0);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const float lr = static_cast<float>(context.lr);
    if (centered_) {
      has_momentum_ ? update<true, true>(weights, grads, lr) : update<true, false>(weights, grads, lr);
    } else {
      has_momentum_ ? update<false, true>(weights, grads, lr) : update<false, false>(weights, grads, lr);
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override {
    return 1 + (centered_ ? 1 : 0) + (has_momentum_ ? 1 : 0);
  }

 private:
  // One fused pass (each buffer crosses the memory bus once per step), a
  // plain loop that the compiler vectorises (Eigen's sqrt stays scalar under
  // EIGEN_FAST_MATH=0; std::sqrt with -fno-math-errno is the correctly
  // rounded vector instruction). With u = g/d: w −= lr·b after
  // b = momentum·b + u, or w −= lr·u without momentum.
  template <bool Centered, bool Momentum>
  void update(std::span<float> weights, std::span<const float> grads, float lr) {
    float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    float* __restrict v = v_.data();
    float* __restrict a = a_.data();
    float* __restrict b = b_.data();
    const lrbench_plugins::MovingAverageRate rate = rate_;
    const float epsilon = epsilon_, momentum = momentum_, weight_decay = weight_decay_;
    const std::size_t n = weights.size();
    for (std::size_t i = 0; i < n; ++i) {
      const float gi = g[i] + weight_decay * w[i];
      const float vi = rate.next(v[i], gi * gi);
      v[i] = vi;
      float d;
      if constexpr (Centered) {
        const float ai = rate.next(a[i], gi);
        a[i] = ai;
        d = std::sqrt(std::max(vi - ai * ai, 0.0f)) + epsilon;
      } else {
        d = std::sqrt(vi) + epsilon;
      }
      const float u = gi / d;
      if constexpr (Momentum) {
        const float bi = momentum * b[i] + u;
        b[i] = bi;
        w[i] = w[i] - lr * bi;
      } else {
        w[i] = w[i] - lr * u;
      }
    }
  }

  const lrbench_plugins::MovingAverageRate rate_;  // rho and 1 − rho in float
  const float epsilon_;
  const float momentum_;
  const bool has_momentum_;  // momentum > 0: keep the buffer b
  const bool centered_;
  const float weight_decay_;
  Eigen::ArrayXf v_;  // mean square of the gradient
  Eigen::ArrayXf a_;  // mean of the gradient (centered only)
  Eigen::ArrayXf b_;  // momentum buffer (momentum > 0 only)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(RmsProp)
