// nadam: Adam with Nesterov momentum and Dozat's momentum schedule, as
// torch.optim.NAdam (PyTorch 1.13).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   mu_t = beta1·(1 − 0.5·0.96^(t·momentum_decay))     the momentum schedule
//   P_t = mu_1·mu_2·…·mu_t                              (torch's mu_product)
//   m = beta1·m + (1 − beta1)·g
//   v = beta2·v + (1 − beta2)·g²
//   d = sqrt(v/(1 − beta2^t)) + epsilon
//   w = w − lr·(1 − mu_t)/(1 − P_t) · g/d − lr·mu_{t+1}/(1 − P_t·mu_t·mu_{t+1}) · m/d
// The second denominator is torch 1.13's: its single-tensor NAdam multiplies
// mu_t into P twice there (fixed after 1.13 by pytorch/pytorch#92699, which
// uses 1 − P_t·mu_{t+1}). The golden data is 1.13's; the two differ by ~3e-5
// in the 12-step golden case.
// P_t is a function of t alone; the plugin caches it from one step to the
// next and recomputes it from t when the host's step is not the next one.
// Reference: Dozat 2016, "Incorporating Nesterov Momentum into Adam".
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "../moving_average.hpp"
#include "lrbench/math.hpp"

namespace {

class Nadam final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "nadam", .version = "1.0.0",
      .description = "Adam with Nesterov momentum and a momentum schedule (torch.optim.NAdam)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first-moment average m").source("Keras Nadam default beta_1"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the second-moment average v").source("Keras Nadam default beta_2"),
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("added to the bias-corrected sqrt(v)").source("Keras Nadam default (torch: 1e-8)"),
      lrbench::real("momentum_decay", 0.004).at_least(0.0)
          .help("psi in mu_t = beta1 * (1 - 0.5 * 0.96^(t * psi))")
          .source("torch.optim.NAdam default (Keras has no such parameter)"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.NAdam default"),
  };

  // Settings in float, converted once; beta1, beta2 and momentum_decay stay
  // double for the momentum schedule and the bias correction.
  explicit Nadam(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), momentum_decay_(v.real("momentum_decay")),
        m_rate_(beta1_), v_rate_(beta2_), epsilon_(static_cast<float>(v.real("epsilon"))),
        weight_decay_(static_cast<float>(v.real("weight_decay"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    m_.setZero(static_cast<Eigen::Index>(layout.size()));
    v_.setZero(static_cast<Eigen::Index>(layout.size()));
    mu_product_ = 1.0;
    mu_product_step_ = 0;
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    if (context.step != mu_product_step_ + 1) {  // not the next step: rebuild P_{t-1} from scratch
      mu_product_ = 1.0;
      for (std::int64_t i = 1; i < context.step; ++i) mu_product_ *= mu(i);
    }
    const double mu_t = mu(context.step), mu_next = mu(context.step + 1);
    mu_product_ *= mu_t;
    mu_product_step_ = context.step;
    const double t = static_cast<double>(context.step);
    const float inv_bc2 = static_cast<float>(1.0 / (1.0 - lrbench::math::pow(beta2_, t)));
    const float cg = static_cast<float>(context.lr * (1.0 - mu_t) / (1.0 - mu_product_));
    const float cm = static_cast<float>(context.lr * mu_next / (1.0 - mu_product_ * mu_t * mu_next));  // 1.13

    const float epsilon = epsilon_;
    lrbench_plugins::l2_adam_pass(weights.data(), grads.data(), m_.data(), v_.data(), weights.size(),
                                  {m_rate_, v_rate_}, weight_decay_, [=](float w, float g, float m, float v) {
                                    return w - (cg * g + cm * m) / (std::sqrt(v * inv_bc2) + epsilon);
                                  });
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  [[nodiscard]] double mu(std::int64_t t) const {
    return beta1_ * (1.0 - 0.5 * lrbench::math::pow(0.96, static_cast<double>(t) * momentum_decay_));
  }

  const double beta1_;           // for mu_t
  const double beta2_;           // for the bias correction 1 − beta2^t
  const double momentum_decay_;  // for mu_t
  const lrbench_plugins::MovingAverageRate m_rate_;  // beta1 and 1 − beta1 in float
  const lrbench_plugins::MovingAverageRate v_rate_;  // beta2 and 1 − beta2 in float
  const float epsilon_;
  const float weight_decay_;
  Eigen::ArrayXf m_;                  // first moment
  Eigen::ArrayXf v_;                  // second moment
  double mu_product_ = 1.0;           // P_t for t = mu_product_step_
  std::int64_t mu_product_step_ = 0;  // the step P was last advanced to
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Nadam)
