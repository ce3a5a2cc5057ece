// adadelta: Adadelta with L2 weight decay, as torch.optim.Adadelta (PyTorch 1.13).
//
// With g the gradient and w the weights:
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   v = rho·v + (1 − rho)·g²
//   d = sqrt(u + epsilon) / sqrt(v + epsilon) · g
//   u = rho·u + (1 − rho)·d²
//   w = w − lr·d                                 (lr 1.0 reproduces the paper)
// Reference: Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method".
#include <cmath>

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
      : rho_f_(static_cast<float>(v.real("rho"))), c_(static_cast<float>(1.0 - v.real("rho"))),
        eps_(static_cast<float>(v.real("epsilon"))), wd_(static_cast<float>(v.real("weight_decay"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    v_.setZero(n);
    u_.setZero(n);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const float lr = static_cast<float>(context.lr);
    float* w = weights.data();
    const float* g = grads.data();
    float* v = v_.data();
    float* u = u_.data();
    // One fused pass: w, g, v and u cross the memory bus once per step. A
    // plain loop that the compiler vectorises (Eigen's vector sqrt is off:
    // EIGEN_FAST_MATH=0, framework/CMakeLists.txt).
    const std::size_t n = weights.size();
    for (std::size_t i = 0; i < n; ++i) {
      const float gd = g[i] + wd_ * w[i];
      const float vi = rho_f_ * v[i] + c_ * (gd * gd);
      const float d = std::sqrt(u[i] + eps_) / std::sqrt(vi + eps_) * gd;
      v[i] = vi;
      u[i] = rho_f_ * u[i] + c_ * (d * d);
      w[i] -= lr * d;
    }
  }

  // v and u (the update d is not stored).
  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  const float rho_f_, c_, eps_, wd_;  // rho, 1 − rho, epsilon, weight_decay
  Eigen::ArrayXf v_;  // mean square of the gradient
  Eigen::ArrayXf u_;  // mean square of the update
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adadelta)
