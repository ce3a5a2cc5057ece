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

    // Blocks of kBlock coordinates, each pass over a block staying in L1, so
    // every buffer crosses the memory bus once per step.
    const auto n = static_cast<Eigen::Index>(weights.size());
    for (Eigen::Index start = 0; start < n; start += kBlock) {
      const Eigen::Index len = std::min(kBlock, n - start);
      Eigen::Map<Eigen::ArrayXf> w(weights.data() + start, len);
      Eigen::Map<const Eigen::ArrayXf> g(grads.data() + start, len);
      auto m = m_.segment(start, len);
      auto s = s_.segment(start, len);
      if (decoupled_) {
        w *= shrink;
        m = b1_ * m + c1_ * g;
        s = b2_ * s + c2_ * (g - m).square() + eps_;
      } else {
        m = b1_ * m + c1_ * (g + l2_ * w);
        s = b2_ * s + c2_ * (g + l2_ * w - m).square() + eps_;
      }
      if (amsgrad_) {
        auto s_max = s_max_.segment(start, len);
        s_max = s_max.max(s);
        w -= step_size * m / (s_max.sqrt() / bc2_sqrt + eps_);
      } else {
        w -= step_size * m / (s.sqrt() / bc2_sqrt + eps_);
      }
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return amsgrad_ ? 3 : 2; }

 private:
  static constexpr Eigen::Index kBlock = 2048;  // 8 KiB per buffer
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
