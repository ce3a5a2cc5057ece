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
// The norms are lrbench::math's fixed-order sums (float32), so the ratio has
// the same bits on every CPU. Two passes per tensor: the moments, u and both
// norms together (fixed_order_sums.hpp), then the step from the stored u.
#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

#include "../fixed_order_sums.hpp"

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

    const float b1 = b1_, c1 = c1_, b2 = b2_, c2 = c2_, eps = eps_, wd = wd_;
    for (const auto& [offset, size] : tensors_) {
      float* w = weights.data() + offset;
      const float* g = grads.data() + offset;
      float* m = m_.data() + offset;
      float* v = v_.data() + offset;
      float* u = u_.data() + offset;
      // Pass 1: the moments, the direction u and {‖w_W‖², ‖u_W‖²}, in one
      // pass over the tensor's buffers (each crosses the memory bus once).
      const std::array<float, 2> squares =
          lrbench_plugins::fixed_order_sums<float, 2>(size, [&](std::size_t first, std::size_t count, auto terms) {
            moments_block(w + first, g + first, m + first, v + first, u + first, terms[0], terms[1], count,
                          {b1, c1, b2, c2, eps, wd, bc1, bc2});
          });
      const double w_norm = std::sqrt(static_cast<double>(squares[0]));
      const double u_norm = std::sqrt(static_cast<double>(squares[1]));
      const double ratio = (w_norm == 0.0 || u_norm == 0.0) ? 1.0 : w_norm / u_norm;
      const float scale = static_cast<float>(-context.lr * ratio);
      // Pass 2: the step.
      step_block(w, u, scale, size);
    }
  }

  // m and v, plus the direction u written in pass 1 and read in pass 2.
  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 3; }

 private:
  struct Coefficients {
    float b1, c1, b2, c2, eps, wd, bc1, bc2;  // beta1, 1 − beta1, beta2, 1 − beta2, epsilon, weight_decay, 1 − beta^t
  };

  // m = (1 − beta1)·g + beta1·m,  v = (1 − beta2)·g² + beta2·v,
  // u = (m/bc1)/(sqrt(v/bc2) + eps) + wd·w,  w_term = w²,  u_term = u²: a
  // plain loop that the compiler vectorises (__restrict parameters, as GCC
  // ignores it on local pointers; Eigen's vector sqrt is off: EIGEN_FAST_MATH=0).
  static void moments_block(const float* __restrict w, const float* __restrict g, float* __restrict m,
                            float* __restrict v, float* __restrict u, float* __restrict w_term,
                            float* __restrict u_term, std::size_t count, const Coefficients k) {
    for (std::size_t i = 0; i < count; ++i) {
      const float mi = k.c1 * g[i] + k.b1 * m[i];
      const float vi = k.c2 * (g[i] * g[i]) + k.b2 * v[i];
      m[i] = mi;
      v[i] = vi;
      const float ui = (mi / k.bc1) / (std::sqrt(vi / k.bc2) + k.eps) + k.wd * w[i];
      u[i] = ui;
      w_term[i] = w[i] * w[i];
      u_term[i] = ui * ui;
    }
  }

  // w = w + scale·u.
  static void step_block(float* __restrict w, const float* __restrict u, float scale, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) w[i] = w[i] + scale * u[i];
  }

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
