// yogi: Yogi (Zaheer et al. 2018, "Adaptive Methods for Nonconvex
// Optimization"), exactly as optax's `yogi` (scale_by_yogi with eps_root 0,
// then scale_by_learning_rate).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   g = g + weight_decay·w                      (lrbench's addition, see below)
//   m = (1 − beta1)·g + beta1·m                 m and v start at initial_accumulator
//   v = v − (1 − beta2)·sign(v − g²)·g²         (sign(0) = 0)
//   w = w − lr · (m/(1 − beta1^t)) / (sqrt(v/(1 − beta2^t)) + epsilon)
//
// Reference: google-deepmind/optax, optax/_src/transform.py (scale_by_yogi)
//   and optax/_src/alias.py (yogi) @ 2edbcbe2390da13983b92cbef94ac0460ecde1c5.
// Quirks followed (tools/golden/optimizers/yogi.py):
//   - both moments start at initial_accumulator, not 0, and are still
//     divided by the bias corrections 1 − beta^t;
//   - where v = g² exactly, v does not move (sign(0) = 0).
// Deviation: optax's yogi has no weight decay; weight_decay·w (default 0,
// which is optax exactly) is added to the gradient before the transform.
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

namespace {

class Yogi final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "yogi", .version = "1.0.0",
      .description = "Yogi (Zaheer et al. 2018), as optax's yogi"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first moment m").source("optax yogi default b1"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("rate of the additive second-moment update v -= (1-beta2)*sign(v-g^2)*g^2")
          .source("optax yogi default b2"),
      lrbench::real("epsilon", 1e-3).above(0.0)
          .help("added to sqrt(v_hat) in the denominator").source("optax yogi default eps"),
      lrbench::real("initial_accumulator", 1e-6).above(0.0)
          .help("initial value of both moments m and v").source("optax scale_by_yogi default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient (optax's yogi has none)")
          .source("0: optax's yogi exactly"),
  };

  explicit Yogi(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), b1_(static_cast<float>(beta1_)),
        c1_(static_cast<float>(1.0 - beta1_)), c2_(static_cast<float>(1.0 - beta2_)),
        eps_(static_cast<float>(v.real("epsilon"))), init_(static_cast<float>(v.real("initial_accumulator"))),
        l2_(static_cast<float>(v.real("weight_decay"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    m_.setConstant(n, init_);
    v_.setConstant(n, init_);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const double t = static_cast<double>(context.step);
    const float step_size = static_cast<float>(context.lr / (1.0 - lrbench::math::pow(beta1_, t)));
    const float inv_bc2 = static_cast<float>(1.0 / (1.0 - lrbench::math::pow(beta2_, t)));

    // One fused pass (each buffer crosses the memory bus once per step), a
    // plain loop that the compiler vectorises (Eigen's vector sqrt is off:
    // EIGEN_FAST_MATH=0, and its sign() is scalar).
    float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    float* __restrict m = m_.data();
    float* __restrict v = v_.data();
    const std::size_t n = weights.size();
    for (std::size_t i = 0; i < n; ++i) {
      const float gd = g[i] + l2_ * w[i];
      const float g2 = gd * gd;
      const float mi = c1_ * gd + b1_ * m[i];
      const float diff = v[i] - g2;
      const float sign = static_cast<float>(diff > 0.0f) - static_cast<float>(diff < 0.0f);  // sign(0) = 0
      const float vi = v[i] - c2_ * sign * g2;
      m[i] = mi;
      v[i] = vi;
      w[i] -= step_size * mi / (std::sqrt(vi * inv_bc2) + eps_);
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  const double beta1_;
  const double beta2_;
  const float b1_, c1_, c2_, eps_, init_, l2_;
  Eigen::ArrayXf m_;  // first moment
  Eigen::ArrayXf v_;  // second moment (additive Yogi update)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Yogi)
