// adagrad: Adagrad with learning-rate decay and L2 weight decay, as
// torch.optim.Adagrad (PyTorch 1.13).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   clr = lr / (1 + (t − 1)·lr_decay)
//   s = s + g²                                   (s starts at initial_accumulator)
//   w = w − clr · g / (sqrt(s) + epsilon)
// Reference: Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods for
// Online Learning and Stochastic Optimization".
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class Adagrad final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adagrad", .version = "1.0.0",
      .description = "Adagrad with lr decay and L2 weight decay (torch.optim.Adagrad)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("added to sqrt(s) in the denominator").source("Keras Adagrad default (torch: 1e-10)"),
      lrbench::real("initial_accumulator", 0.1).at_least(0.0)
          .help("starting value of the sum of squared gradients s (older Keras and torch start at 0)")
          .source("Keras Adagrad default initial_accumulator_value"),
      lrbench::real("lr_decay", 0.0).at_least(0.0)
          .help("step t uses lr / (1 + (t - 1) * lr_decay)").source("torch.optim.Adagrad default (Keras has none)"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.Adagrad default"),
  };

  // Settings in float, converted once; lr_decay stays double for clr.
  explicit Adagrad(const lrbench::ParamValues& v)
      : epsilon_(static_cast<float>(v.real("epsilon"))),
        initial_accumulator_(static_cast<float>(v.real("initial_accumulator"))),
        lr_decay_(v.real("lr_decay")), weight_decay_(static_cast<float>(v.real("weight_decay"))) {}

  void reset(const lrbench::ParamLayout& layout) override {
    s_.setConstant(static_cast<Eigen::Index>(layout.size()), initial_accumulator_);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const float clr = static_cast<float>(context.lr / (1.0 + static_cast<double>(context.step - 1) * lr_decay_));
    // One fused pass, a plain loop that the compiler vectorises (Eigen's
    // sqrt stays scalar under EIGEN_FAST_MATH=0; std::sqrt with
    // -fno-math-errno is the correctly rounded vector instruction).
    float* __restrict w = weights.data();
    const float* __restrict g = grads.data();
    float* __restrict s = s_.data();
    const float epsilon = epsilon_, weight_decay = weight_decay_;
    const std::size_t n = weights.size();
    for (std::size_t i = 0; i < n; ++i) {
      const float gi = g[i] + weight_decay * w[i];
      const float si = s[i] + gi * gi;
      s[i] = si;
      w[i] = w[i] - clr * gi / (std::sqrt(si) + epsilon);
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 1; }

 private:
  const float epsilon_;
  const float initial_accumulator_;
  const double lr_decay_;
  const float weight_decay_;
  Eigen::ArrayXf s_;  // running sum of squared gradients
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Adagrad)
