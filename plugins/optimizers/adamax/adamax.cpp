// adamax: Adam's infinity-norm variant, as torch.optim.Adamax (PyTorch 1.13).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   m = beta1·m + (1 − beta1)·g
//   u = max(beta2·u, |g| + epsilon)              (epsilon inside the max, as torch)
//   w = w − lr/(1 − beta1^t) · m / u
// Reference: Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", §7.1.
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "../moving_average.hpp"
#include "lrbench/math.hpp"

namespace {

class Adamax final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adamax", .version = "1.0.0",
      .description = "Adamax, Adam with the infinity norm (torch.optim.Adamax)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first-moment average m").source("Keras Adamax default beta_1"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the infinity-norm u").source("Keras Adamax default beta_2"),
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("floor on u: u = max(beta2 * u, |g| + epsilon)").source("Keras Adamax default (torch: 1e-8)"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.Adamax default"),
  };

  // Settings in float, converted once; beta1 stays double for 1 − beta1^t.
  explicit Adamax(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), m_rate_(beta1_), beta2_(static_cast<float>(v.real("beta2"))),
        epsilon_(static_cast<float>(v.real("epsilon"))), weight_decay_(static_cast<float>(v.real("weight_decay"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    m_.setZero(static_cast<Eigen::Index>(layout.size()));
    u_.setZero(static_cast<Eigen::Index>(layout.size()));
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const float clr = static_cast<float>(context.lr / (1.0 - lrbench::math::pow(beta1_, static_cast<double>(context.step))));

    // One fused pass (each buffer crosses the memory bus once per step, not
    // once per line of the formula), a plain loop that the compiler vectorises.
    float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    float* __restrict m = m_.data();
    float* __restrict u = u_.data();
    const lrbench_plugins::MovingAverageRate m_rate = m_rate_;
    const float beta2 = beta2_, epsilon = epsilon_, weight_decay = weight_decay_;
    const std::size_t n = weights.size();
    for (std::size_t i = 0; i < n; ++i) {
      const float gi = g[i] + weight_decay * w[i];
      const float mi = m_rate.next(m[i], gi);
      const float ui = std::max(beta2 * u[i], std::abs(gi) + epsilon);  // the first unless it is smaller
      m[i] = mi;
      u[i] = ui;
      w[i] = w[i] - clr * mi / ui;
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  const double beta1_;  // for the bias correction 1 − beta1^t
  const lrbench_plugins::MovingAverageRate m_rate_;  // beta1 and 1 − beta1 in float
  const float beta2_;
  const float epsilon_;
  const float weight_decay_;
  Eigen::ArrayXf m_;  // first moment
  Eigen::ArrayXf u_;  // exponentially weighted infinity norm
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adamax)
