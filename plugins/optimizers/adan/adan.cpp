// adan: Adan, adaptive Nesterov momentum (Xie et al. 2022, "Adan: Adaptive
// Nesterov Momentum Algorithm for Faster Optimizing Deep Models"), exactly as
// the authors' single-tensor path.
//
// The official code's betas are 1 − the paper's. With g the gradient, w the
// weights, t = step (1-based, from the host) and g_prev the previous
// gradient (g_prev = g at the first step):
//   m = beta1·m + (1 − beta1)·g
//   d = beta2·d + (1 − beta2)·(g − g_prev)
//   n = beta3·n + (1 − beta3)·(g + beta2·(g − g_prev))²
//   denom = sqrt(n)/sqrt(1 − beta3^t) + epsilon
//   w = w − lr/(1 − beta1^t)·m/denom
//   w = w − lr·beta2/(1 − beta2^t)·d/denom
//   w = w / (1 + lr·weight_decay)               (proximal decay, no_prox false)
//
// Reference: sail-sg/Adan, adan.py @ 2c65beaf400775753b155da4082c3819fea689b9,
//   _single_tensor_adan with no_prox=False, max_grad_norm=0 (no clipping).
// Quirks followed (tools/golden/optimizers/adan.py):
//   - betas follow the official code (defaults 0.98, 0.92, 0.99);
//   - the first step (and any step numbered 1) sets g_prev = g, so the
//     difference is 0 and n starts from g²;
//   - the difference term's step size is lr·beta2/(1 − beta2^t);
//   - the two updates are applied one after the other, then the division.
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

namespace {

class Adan final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adan", .version = "1.0.0",
      .description = "Adan, adaptive Nesterov momentum (Xie et al. 2022), sail-sg/Adan"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.98).at_least(0.0).below(1.0)
          .help("decay rate of the gradient average m (official code's convention: 1 - paper's)")
          .source("sail-sg/Adan default betas[0]"),
      lrbench::real("beta2", 0.92).at_least(0.0).below(1.0)
          .help("decay rate of the gradient-difference average d, and the Nesterov weight")
          .source("sail-sg/Adan default betas[1]"),
      lrbench::real("beta3", 0.99).at_least(0.0).below(1.0)
          .help("decay rate of the second moment n").source("sail-sg/Adan default betas[2]"),
      lrbench::real("epsilon", 1e-8).at_least(0.0)
          .help("added to the bias-corrected sqrt(n)").source("sail-sg/Adan default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("proximal decay: w is divided by 1 + lr*weight_decay after the step")
          .source("sail-sg/Adan default"),
  };

  explicit Adan(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), beta3_(v.real("beta3")),
        weight_decay_(v.real("weight_decay")), b1_(static_cast<float>(beta1_)), c1_(static_cast<float>(1.0 - beta1_)),
        b2_(static_cast<float>(beta2_)), c2_(static_cast<float>(1.0 - beta2_)), b3_(static_cast<float>(beta3_)),
        c3_(static_cast<float>(1.0 - beta3_)), eps_(static_cast<float>(v.real("epsilon"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    m_.setZero(n);
    d_.setZero(n);
    n_.setZero(n);
    g_prev_.setZero(n);
    started_ = false;
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const double lr = context.lr;
    const double t = static_cast<double>(context.step);
    const float step_size = static_cast<float>(lr / (1.0 - lrbench::math::pow(beta1_, t)));
    const float step_size_diff = static_cast<float>(lr * beta2_ / (1.0 - lrbench::math::pow(beta2_, t)));
    const float bc3_sqrt = static_cast<float>(std::sqrt(1.0 - lrbench::math::pow(beta3_, t)));
    const float prox = static_cast<float>(1.0 + lr * weight_decay_);
    const std::size_t n = weights.size();
    // The difference is 0 at the first step.
    if (!started_ || context.step == 1) std::copy(grads.begin(), grads.end(), g_prev_.data());
    started_ = true;
    update(weights.data(), grads.data(), m_.data(), d_.data(), n_.data(), g_prev_.data(), n,
           {b1_, c1_, b2_, c2_, b3_, c3_, eps_, step_size, step_size_diff, bc3_sqrt, prox});
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 4; }

 private:
  struct Coefficients {
    float b1, c1, b2, c2, b3, c3, eps;  // beta1, 1 − beta1, beta2, 1 − beta2, beta3, 1 − beta3, epsilon
    float step_size, step_size_diff, bc3_sqrt, prox;
  };

  // One fused pass (each buffer crosses the memory bus once per step), a
  // plain loop that the compiler vectorises (Eigen's sqrt stays scalar under
  // EIGEN_FAST_MATH=0; std::sqrt with -fno-math-errno is the correctly
  // rounded vector instruction). The buffers are __restrict parameters: GCC
  // ignores __restrict on local pointers, and six buffers need more run-time
  // overlap checks than it makes (--param vect-max-version-for-alias-checks,
  // 10), which kept this loop scalar.
  static void update(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict d,
                     float* __restrict nv, float* __restrict g_prev, std::size_t n, const Coefficients k) {
    for (std::size_t i = 0; i < n; ++i) {
      const float gi = g[i];
      const float diff = gi - g_prev[i];
      const float mi = k.b1 * m[i] + k.c1 * gi;
      const float di = k.b2 * d[i] + k.c2 * diff;
      const float u = k.b2 * diff + gi;
      const float ni = k.b3 * nv[i] + k.c3 * (u * u);
      const float denom = std::sqrt(ni) / k.bc3_sqrt + k.eps;
      m[i] = mi;
      d[i] = di;
      nv[i] = ni;
      g_prev[i] = gi;
      w[i] = (w[i] - k.step_size * (mi / denom) - k.step_size_diff * (di / denom)) / k.prox;
    }
  }

  const double beta1_;
  const double beta2_;
  const double beta3_;
  const double weight_decay_;
  const float b1_, c1_, b2_, c2_, b3_, c3_, eps_;
  Eigen::ArrayXf m_;       // gradient average
  Eigen::ArrayXf d_;       // gradient-difference average
  Eigen::ArrayXf n_;       // second moment of the Nesterov-corrected gradient
  Eigen::ArrayXf g_prev_;  // previous step's gradient
  bool started_ = false;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adan)
