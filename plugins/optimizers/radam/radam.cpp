// radam: Rectified Adam, as torch.optim.RAdam (PyTorch 1.13).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   m = beta1·m + (1 − beta1)·g
//   v = beta2·v + (1 − beta2)·g²
//   rho_inf = 2/(1 − beta2) − 1,   rho_t = rho_inf − 2·t·beta2^t/(1 − beta2^t)
//   rho_t > 5:  r = sqrt((rho_t − 4)(rho_t − 2)·rho_inf / ((rho_inf − 4)(rho_inf − 2)·rho_t))
//               w = w − lr·r·sqrt(1 − beta2^t)/(1 − beta1^t) · m / (sqrt(v) + epsilon)
//   otherwise:  w = w − lr/(1 − beta1^t) · m     (variance not yet tractable: SGD with momentum)
// epsilon is added to sqrt(v) before its bias correction, as torch 1.13 does.
// Reference: Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond".
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "../moving_average.hpp"
#include "lrbench/math.hpp"

namespace {

class RAdam final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "radam", .version = "1.0.0",
      .description = "Rectified Adam (torch.optim.RAdam)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first-moment average m").source("torch.optim.RAdam default (not in Keras)"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the second-moment average v").source("torch.optim.RAdam default (not in Keras)"),
      lrbench::real("epsilon", 1e-8).above(0.0)
          .help("added to sqrt(v) in the rectified step").source("torch.optim.RAdam default (not in Keras)"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.RAdam default"),
  };

  // Settings in float, converted once; beta1 and beta2 stay double for the
  // bias corrections and the rectification.
  explicit RAdam(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), m_rate_(beta1_), v_rate_(beta2_),
        epsilon_(static_cast<float>(v.real("epsilon"))), weight_decay_(static_cast<float>(v.real("weight_decay"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    m_.setZero(static_cast<Eigen::Index>(layout.size()));
    v_.setZero(static_cast<Eigen::Index>(layout.size()));
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const double t = static_cast<double>(context.step);
    const double bc1 = 1.0 - lrbench::math::pow(beta1_, t);
    const double bc2 = 1.0 - lrbench::math::pow(beta2_, t);
    const double rho_inf = 2.0 / (1.0 - beta2_) - 1.0;
    const double rho_t = rho_inf - 2.0 * t * lrbench::math::pow(beta2_, t) / bc2;

    if (rho_t > 5.0) {
      const double rect = std::sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf /
                                    ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t));
      const float a = static_cast<float>(context.lr * rect * std::sqrt(bc2) / bc1);
      const float epsilon = epsilon_;
      pass(weights, grads, [=](float w, float, float m, float v) { return w - a * m / (std::sqrt(v) + epsilon); });
    } else {
      const float a = static_cast<float>(context.lr / bc1);
      pass(weights, grads, [=](float w, float, float m, float) { return w - a * m; });
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  // The moments, then w = w − (a·m)/(sqrt(v) + epsilon) when rectified, else
  // w = w − a·m (l2_adam_pass).
  template <class Update>
  void pass(std::span<float> weights, std::span<const float> grads, Update update) {
    lrbench_plugins::l2_adam_pass(weights.data(), grads.data(), m_.data(), v_.data(), weights.size(),
                                  {m_rate_, v_rate_}, weight_decay_, update);
  }

  const double beta1_;  // for the bias correction 1 − beta1^t
  const double beta2_;  // for 1 − beta2^t and rho
  const lrbench_plugins::MovingAverageRate m_rate_;  // beta1 and 1 − beta1 in float
  const lrbench_plugins::MovingAverageRate v_rate_;  // beta2 and 1 − beta2 in float
  const float epsilon_;
  const float weight_decay_;
  Eigen::ArrayXf m_;  // first moment
  Eigen::ArrayXf v_;  // second moment
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(RAdam)
