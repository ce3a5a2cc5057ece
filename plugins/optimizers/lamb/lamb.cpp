// lamb: LAMB, layer-wise adaptive moments (You et al. 2020, "Large Batch
// Optimization for Deep Learning: Training BERT in 76 minutes"), exactly as
// optax's `lamb`, with the trust ratio taken per tensor of the layout.
//
// With g the gradient, w the weights, t = step (1-based, from the host),
// per tensor W of the layout:
//   m = (1 − beta1)·g + beta1·m,   v = (1 − beta2)·g² + beta2·v
//   u = (m/(1 − beta1^t)) / (sqrt(v/(1 − beta2^t)) + epsilon) + weight_decay·w
//   r = ‖w_W‖ / ‖u_W‖, or 1 when either norm is 0
//   w = w − lr·r·u
//
// Reference: google-deepmind/optax, optax/_src/alias.py (lamb) and
//   optax/_src/transform.py @ 2edbcbe2390da13983b92cbef94ac0460ecde1c5:
//   scale_by_adam (eps_root 0) + add_decayed_weights + scale_by_trust_ratio
//   (trust_coefficient 1, eps 0, min_norm 0) + scale_by_learning_rate.
// Quirks followed (tools/golden/optimizers/lamb.py):
//   - the ratio is per tensor, biases included (optax's mask is all true);
//   - the ratio is 1 when ‖w_W‖ = 0 or ‖u_W‖ = 0 (a zero-initialised tensor
//     takes a plain Adam step);
//   - epsilon is added outside the square root of the bias-corrected v.
// The norms are lrbench::math::squared_norm (fixed order, float32), so the
// ratio has the same bits on every CPU.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

namespace {

class Lamb final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "lamb", .version = "1.0.0",
      .description = "LAMB (You et al. 2020), as optax's lamb, trust ratio per tensor"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first moment m").source("optax lamb default b1"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the second moment v").source("optax lamb default b2"),
      lrbench::real("epsilon", 1e-6).at_least(0.0)
          .help("added to sqrt(v_hat) in the Adam direction").source("optax lamb default eps"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("weight_decay * w is added to the Adam direction before the trust ratio")
          .source("optax lamb default"),
  };

  explicit Lamb(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), b1_(static_cast<float>(beta1_)),
        c1_(static_cast<float>(1.0 - beta1_)), b2_(static_cast<float>(beta2_)), c2_(static_cast<float>(1.0 - beta2_)),
        eps_(static_cast<float>(v.real("epsilon"))), wd_(static_cast<float>(v.real("weight_decay"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    m_.setZero(n);
    v_.setZero(n);
    u_.setZero(n);
    tensors_.clear();
    for (const lrbench::Tensor& t : layout.tensors()) tensors_.emplace_back(t.offset, t.size());
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const double t = static_cast<double>(context.step);
    const float bc1 = static_cast<float>(1.0 - lrbench::math::pow(beta1_, t));
    const float bc2 = static_cast<float>(1.0 - lrbench::math::pow(beta2_, t));

    // Pass 1, one fused plain loop that the compiler vectorises (Eigen's
    // vector sqrt is off: EIGEN_FAST_MATH=0): the moments and the direction u.
    const float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    float* __restrict m = m_.data();
    float* __restrict v = v_.data();
    float* __restrict u = u_.data();
    const float b1 = b1_, c1 = c1_, b2 = b2_, c2 = c2_, eps = eps_, wd = wd_;
    const std::size_t n = weights.size();
    for (std::size_t i = 0; i < n; ++i) {
      const float mi = c1 * g[i] + b1 * m[i];
      const float vi = c2 * (g[i] * g[i]) + b2 * v[i];
      m[i] = mi;
      v[i] = vi;
      u[i] = (mi / bc1) / (std::sqrt(vi / bc2) + eps) + wd * w[i];
    }
    // Pass 2, per tensor: the trust ratio, then the step.
    for (const auto& [offset, size] : tensors_) {
      const std::span<const float> w_t(weights.data() + offset, size);
      const std::span<const float> u_t(u_.data() + offset, size);
      const double w_norm = std::sqrt(static_cast<double>(lrbench::math::squared_norm(w_t)));
      const double u_norm = std::sqrt(static_cast<double>(lrbench::math::squared_norm(u_t)));
      const double ratio = (w_norm == 0.0 || u_norm == 0.0) ? 1.0 : w_norm / u_norm;
      const float scale = static_cast<float>(-context.lr * ratio);
      Eigen::Map<Eigen::ArrayXf>(weights.data() + offset, static_cast<Eigen::Index>(size)) +=
          scale * u_.segment(static_cast<Eigen::Index>(offset), static_cast<Eigen::Index>(size));
    }
  }

  // m and v, plus the direction u written in pass 1 and read in pass 2.
  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 3; }

 private:
  const double beta1_;
  const double beta2_;
  const float b1_, c1_, b2_, c2_, eps_, wd_;
  Eigen::ArrayXf m_;  // first moment
  Eigen::ArrayXf v_;  // second moment
  Eigen::ArrayXf u_;  // this step's direction (scratch, sized in reset)
  std::vector<std::pair<std::size_t, std::size_t>> tensors_;  // (offset, size) per tensor
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Lamb)
