// adopt: ADOPT, "ADOPT: Modified Adam Can Converge with Any beta2 with the
// Optimal Rate" (Taniguchi et al. 2024), exactly as the authors'
// src/adopt/adopt.py (not the older root-level file), single-tensor path.
//
// The reference's own step counter is s = t − 1 (t = step, 1-based, from
// the host). With g the gradient and w the weights:
//   decoupled false:  g = g + weight_decay·w
//   s = 0:  v = v + g²                      (the weights do not move)
//   s ≥ 1:  decoupled:  w = w − lr·weight_decay·w
//           n = clamp(g / max(sqrt(v), epsilon), −s^0.25, s^0.25)
//           m = lerp(m, n, 1 − beta1)       (m + (1 − beta1)·(n − m))
//           w = w − lr·m
//           v = beta2·v + (1 − beta2)·g²    (after the step: the step used the previous v)
//
// Reference: iShohei220/adopt, src/adopt/adopt.py
//   @ 6468572b4b3688a2f056b796b071da540568520e, _single_tensor_adopt with the
//   default clip_lambda s**0.25.
// Quirks followed (tools/golden/optimizers/adopt.py):
//   - the first step only initialises v = g²; no decoupled decay either;
//   - the clip bound uses s = t − 1, so it is 1 at the second step;
//   - epsilon is a floor on sqrt(v) (max), not an addend;
//   - no bias correction of m;
//   - torch.lerp's two forms (start + w·(end − start) for w < 0.5, else
//     end − (end − start)·(1 − w)) are both followed, as the reference's
//     rounding depends on which one torch picks.
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class Adopt final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adopt", .version = "1.0.0",
      .description = "ADOPT (Taniguchi et al. 2024), iShohei220/adopt src/adopt/adopt.py"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the momentum of the normalised gradient").source("iShohei220/adopt default"),
      lrbench::real("beta2", 0.9999).at_least(0.0).below(1.0)
          .help("decay rate of the second moment v").source("iShohei220/adopt default"),
      lrbench::real("epsilon", 1e-6).at_least(0.0)
          .help("floor on sqrt(v) in the normalisation").source("iShohei220/adopt default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("decay factor, L2 or decoupled (see decoupled)").source("iShohei220/adopt default"),
      lrbench::flag("decoupled", false)
          .help("decoupled decay w -= lr*weight_decay*w; false adds weight_decay*w to the gradient")
          .source("iShohei220/adopt default (decouple=False)"),
  };

  explicit Adopt(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), weight_decay_(v.real("weight_decay")), c1_(static_cast<float>(1.0 - beta1_)),
        b1_(static_cast<float>(beta1_)), b2_(static_cast<float>(v.real("beta2"))),
        c2_(static_cast<float>(1.0 - v.real("beta2"))), eps_(static_cast<float>(v.real("epsilon"))),
        l2_(v.flag("decoupled") ? 0.0f : static_cast<float>(weight_decay_)), decoupled_(v.flag("decoupled")),
        lerp_from_start_(1.0 - beta1_ < 0.5) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    m_.setZero(n);
    v_.setZero(n);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const std::int64_t s = context.step - 1;
    const auto n = static_cast<Eigen::Index>(weights.size());
    if (s <= 0) {  // the first step: v = g² only
      Eigen::Map<const Eigen::ArrayXf> w(weights.data(), n);
      Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
      v_ += (g + l2_ * w).square();
      return;
    }
    const float lr = static_cast<float>(context.lr);
    const float decay = static_cast<float>(-context.lr * weight_decay_);
    const float clip = static_cast<float>(std::sqrt(std::sqrt(static_cast<double>(s))));  // s^0.25

    // One fused pass (each buffer crosses the memory bus once per step), a
    // plain loop that the compiler vectorises (Eigen's vector sqrt is off:
    // EIGEN_FAST_MATH=0).
    float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    float* __restrict m = m_.data();
    float* __restrict v = v_.data();
    const float l2 = l2_, eps = eps_, c1 = c1_, b1 = b1_, b2 = b2_, c2 = c2_;
    // Decoupled decay as a factor: w + (−lr·wd)·w rounds like the reference;
    // without decoupled decay the factor is 0 and w is unchanged.
    const float w_decay = decoupled_ ? decay : 0.0f;
    const bool from_start = lerp_from_start_;
    for (Eigen::Index i = 0; i < n; ++i) {
      const float gi = g[i] + l2 * w[i];  // l2 is 0 when decoupled
      const float wi = w[i] + w_decay * w[i];
      const float normed = std::min(std::max(gi / std::max(std::sqrt(v[i]), eps), -clip), clip);
      const float mi = from_start ? m[i] + c1 * (normed - m[i]) : normed - (normed - m[i]) * b1;
      m[i] = mi;
      w[i] = wi + -lr * mi;
      v[i] = b2 * v[i] + c2 * (gi * gi);
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  const double beta1_;
  const double weight_decay_;
  const float c1_, b1_, b2_, c2_, eps_, l2_;
  const bool decoupled_;
  const bool lerp_from_start_;  // torch.lerp's form for weight 1 − beta1
  Eigen::ArrayXf m_;            // momentum of the clipped, normalised gradient
  Eigen::ArrayXf v_;            // second moment (one step behind)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adopt)
