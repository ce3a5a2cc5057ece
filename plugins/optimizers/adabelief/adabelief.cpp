// adabelief: AdaBelief (Zhuang et al. 2020, "AdaBelief Optimizer: Adapting
// Stepsizes by the Belief in Observed Gradients"), exactly as the authors'
// package adabelief_pytorch 0.2.1 with rectify off.
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   decoupled:  w = w·(1 − lr·weight_decay)        else  g = g + weight_decay·w
//   m = beta1·m + (1 − beta1)·g
//   s = beta2·s + (1 − beta2)·(g − m)² + epsilon   (the m just updated)
//   amsgrad:    s_max = max(s_max, s), ŝ = s_max   else  ŝ = s
//   w = w − lr/(1 − beta1^t) · m / (sqrt(ŝ)/sqrt(1 − beta2^t) + epsilon)
//
// Reference: juntang-zhuang/Adabelief-Optimizer,
//   pypi_packages/adabelief_pytorch0.2.1/adabelief_pytorch/AdaBelief.py
//   @ 2855178eff6776762793f915ce2c615f776a1e4b, AdaBelief.step with
//   rectify=False (the package's default is True), fixed_decay=False.
// Quirks followed (tools/golden/optimizers/adabelief.py):
//   - epsilon is added to the state s in place every step
//     (`exp_avg_var.add_(eps)`), so s accumulates it, and again outside the
//     square root;
//   - with amsgrad the in-place epsilon enters s before the running max;
//   - decoupled decay scales w before the moments are updated; the L2 form
//     adds weight_decay·w to the gradient used by both m and g − m.
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

namespace {

class AdaBelief final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adabelief", .version = "1.0.0",
      .description = "AdaBelief (Zhuang et al. 2020), adabelief_pytorch 0.2.1 with rectify off"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first moment m").source("adabelief_pytorch 0.2.1 default"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the belief s, the mean square of g - m").source("adabelief_pytorch 0.2.1 default"),
      lrbench::real("epsilon", 1e-16).at_least(0.0)
          .help("added to s in place every step, and to the denominator")
          .source("adabelief_pytorch 0.2.1 default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("decay factor, decoupled or L2 (see decoupled)").source("adabelief_pytorch 0.2.1 default"),
      lrbench::flag("decoupled", true)
          .help("decoupled decay w = w*(1 - lr*weight_decay); false adds weight_decay*w to the gradient")
          .source("adabelief_pytorch 0.2.1 default (weight_decouple=True)"),
      lrbench::flag("amsgrad", false)
          .help("use the running maximum of s in the denominator").source("adabelief_pytorch 0.2.1 default"),
  };

  explicit AdaBelief(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), weight_decay_(v.real("weight_decay")),
        b1_(static_cast<float>(beta1_)), c1_(static_cast<float>(1.0 - beta1_)), b2_(static_cast<float>(beta2_)),
        c2_(static_cast<float>(1.0 - beta2_)), eps_(static_cast<float>(v.real("epsilon"))),
        l2_(static_cast<float>(weight_decay_)), decoupled_(v.flag("decoupled")), amsgrad_(v.flag("amsgrad")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    m_.setZero(n);
    s_.setZero(n);
    s_max_.setZero(amsgrad_ ? n : 0);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const double lr = context.lr;
    const double t = static_cast<double>(context.step);
    const float step_size = static_cast<float>(lr / (1.0 - lrbench::math::pow(beta1_, t)));
    const float bc2_sqrt = static_cast<float>(std::sqrt(1.0 - lrbench::math::pow(beta2_, t)));
    const float shrink = static_cast<float>(1.0 - lr * weight_decay_);

    if (decoupled_) {
      amsgrad_ ? update<true, true>(weights, grads, step_size, bc2_sqrt, shrink)
               : update<true, false>(weights, grads, step_size, bc2_sqrt, shrink);
    } else {
      amsgrad_ ? update<false, true>(weights, grads, step_size, bc2_sqrt, shrink)
               : update<false, false>(weights, grads, step_size, bc2_sqrt, shrink);
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return amsgrad_ ? 3 : 2; }

 private:
  // One fused pass per step (each buffer crosses the memory bus once), a
  // plain loop that the compiler vectorises (Eigen's vector sqrt is off:
  // EIGEN_FAST_MATH=0); one instantiation per setting, no branch inside.
  template <bool Decoupled, bool Amsgrad>
  void update(std::span<float> weights, std::span<const float> grads, float step_size, float bc2_sqrt,
              float shrink) {
    float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    float* __restrict m = m_.data();
    float* __restrict s = s_.data();
    float* __restrict s_max = s_max_.data();
    const std::size_t n = weights.size();
    for (std::size_t i = 0; i < n; ++i) {
      float wi = w[i];
      float gi = g[i];
      if constexpr (Decoupled) {
        wi = shrink * wi;
      } else {
        gi = gi + l2_ * wi;
      }
      const float mi = b1_ * m[i] + c1_ * gi;
      const float r = gi - mi;
      float si = b2_ * s[i] + c2_ * (r * r) + eps_;
      s[i] = si;
      m[i] = mi;
      if constexpr (Amsgrad) {
        si = std::max(s_max[i], si);
        s_max[i] = si;
      }
      w[i] = wi - step_size * mi / (std::sqrt(si) / bc2_sqrt + eps_);
    }
  }

  const double beta1_;
  const double beta2_;
  const double weight_decay_;
  const float b1_, c1_, b2_, c2_, eps_, l2_;
  const bool decoupled_;
  const bool amsgrad_;
  Eigen::ArrayXf m_;      // first moment
  Eigen::ArrayXf s_;      // belief: mean square of g − m, plus the accumulated epsilon
  Eigen::ArrayXf s_max_;  // running max of s (amsgrad only)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(AdaBelief)
