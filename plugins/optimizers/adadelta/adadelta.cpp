// adadelta: Adadelta with L2 weight decay, as torch.optim.Adadelta (PyTorch 1.13).
//
// With g the gradient and w the weights:
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   v = rho·v + (1 − rho)·g²
//   d = sqrt(u + epsilon) / sqrt(v + epsilon) · g
//   u = rho·u + (1 − rho)·d²
//   w = w − lr·d                                 (lr 1.0 reproduces the paper)
// Reference: Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method".
#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class Adadelta final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adadelta", .version = "1.0.0",
      .description = "Adadelta with L2 weight decay (torch.optim.Adadelta)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("rho", 0.95).at_least(0.0).below(1.0)
          .help("decay rate of the squared-gradient and squared-update averages")
          .source("Keras Adadelta default (torch: 0.9)"),
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("added inside both square roots").source("Keras Adadelta default (torch: 1e-6)"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.Adadelta default"),
  };

  explicit Adadelta(const lrbench::ParamValues& v)
      : rho_(v.real("rho")), epsilon_(v.real("epsilon")), weight_decay_(v.real("weight_decay")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    v_.setZero(n);
    u_.setZero(n);
    d_.setZero(n);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    const float rho = static_cast<float>(rho_), c = static_cast<float>(1.0 - rho_);
    const float wd = static_cast<float>(weight_decay_), eps = static_cast<float>(epsilon_);

    v_ = rho * v_ + c * (g + wd * w).square();
    d_ = (u_ + eps).sqrt() / (v_ + eps).sqrt() * (g + wd * w);
    u_ = rho * u_ + c * d_.square();
    w -= static_cast<float>(context.lr) * d_;
  }

  // v and u, plus the update d that step() writes and reads back: three
  // buffers' worth of memory traffic.
  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 3; }

 private:
  const double rho_;
  const double epsilon_;
  const double weight_decay_;
  Eigen::ArrayXf v_;  // mean square of the gradient
  Eigen::ArrayXf u_;  // mean square of the update
  Eigen::ArrayXf d_;  // this step's update (scratch, sized in reset so step() does not allocate)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adadelta)
