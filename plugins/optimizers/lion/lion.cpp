// lion: EvoLved Sign Momentum, the paper's algorithm (Chen et al. 2023,
// "Symbolic Discovery of Optimization Algorithms", Algorithm 2).
//
// With g the gradient and w the weights:
//   c = beta1·m + (1 − beta1)·g                  (interpolation used for the update)
//   w = w − lr·(sign(c) + weight_decay·w)        (decoupled weight decay; sign(0) = 0)
//   m = beta2·m + (1 − beta2)·g                  (momentum tracked with the slower beta2)
// Every coordinate moves by exactly lr (plus decay), so Lion wants a learning
// rate 3-10x smaller than AdamW's (the paper's advice).
#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class Lion final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "lion", .version = "1.0.0",
      .description = "Lion, sign momentum (Chen et al. 2023, Algorithm 2)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("interpolation between momentum and gradient for the update sign")
          .source("Keras Lion default beta_1 (the paper's)"),
      lrbench::real("beta2", 0.99).at_least(0.0).below(1.0)
          .help("decay rate of the momentum m").source("Keras Lion default beta_2 (the paper's)"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("decoupled decay: lr * weight_decay * w is subtracted each step")
          .source("the paper's Algorithm 2 default (Keras: None)"),
  };

  explicit Lion(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), weight_decay_(v.real("weight_decay")) {}

  void reset(const lrbench::ParamLayout& layout) override { m_.setZero(static_cast<Eigen::Index>(layout.size())); }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    const float b1 = static_cast<float>(beta1_), c1 = static_cast<float>(1.0 - beta1_);
    const float b2 = static_cast<float>(beta2_), c2 = static_cast<float>(1.0 - beta2_);
    const float a = static_cast<float>(context.lr), decay = static_cast<float>(1.0 - context.lr * weight_decay_);

    w = decay * w - a * (b1 * m_ + c1 * g).sign();
    m_ = b2 * m_ + c2 * g;
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 1; }

 private:
  const double beta1_;
  const double beta2_;
  const double weight_decay_;
  Eigen::ArrayXf m_;  // momentum
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Lion)
