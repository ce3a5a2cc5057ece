// adamax: Adam's infinity-norm variant, as torch.optim.Adamax (PyTorch 1.13).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   m = beta1·m + (1 − beta1)·g
//   u = max(beta2·u, |g| + epsilon)              (epsilon inside the max, as torch)
//   w = w − lr/(1 − beta1^t) · m / u
// Reference: Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", §7.1.
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

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

  explicit Adamax(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), epsilon_(v.real("epsilon")),
        weight_decay_(v.real("weight_decay")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    m_.setZero(static_cast<Eigen::Index>(layout.size()));
    u_.setZero(static_cast<Eigen::Index>(layout.size()));
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    const float clr = static_cast<float>(context.lr / (1.0 - std::pow(beta1_, static_cast<double>(context.step))));
    const float b1 = static_cast<float>(beta1_), c1 = static_cast<float>(1.0 - beta1_);
    const float b2 = static_cast<float>(beta2_);
    const float wd = static_cast<float>(weight_decay_), eps = static_cast<float>(epsilon_);

    m_ = b1 * m_ + c1 * (g + wd * w);
    u_ = (b2 * u_).max((g + wd * w).abs() + eps);
    w -= clr * m_ / u_;
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  const double beta1_;
  const double beta2_;
  const double epsilon_;
  const double weight_decay_;
  Eigen::ArrayXf m_;  // first moment
  Eigen::ArrayXf u_;  // exponentially weighted infinity norm
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adamax)
