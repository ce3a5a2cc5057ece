// rmsprop: RMSprop with momentum, the centered variant and L2 weight decay, as
// torch.optim.RMSprop (PyTorch 1.13).
//
// With g the gradient and w the weights:
//   g = g + weight_decay·w                       (L2 penalty added to the gradient)
//   v = rho·v + (1 − rho)·g²
//   centered:  a = rho·a + (1 − rho)·g,  d = sqrt(max(v − a², 0)) + epsilon
//   otherwise: d = sqrt(v) + epsilon
//   momentum > 0:  b = momentum·b + g/d,  w = w − lr·b
//   otherwise:     w = w − lr·g/d
// v − a² ≥ 0 in exact arithmetic (Jensen); the max(…, 0) only stops float
// rounding from turning a vanishing variance into NaN, where torch would.
// Reference: Hinton, Coursera "Neural Networks for Machine Learning" lecture
// 6e (2012); centered form: Graves 2013, "Generating Sequences With RNNs".
#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class RmsProp final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "rmsprop", .version = "1.0.0",
      .description = "RMSprop with momentum and centering (torch.optim.RMSprop)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("rho", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the mean square v (torch calls it alpha)").source("Keras RMSprop default (torch: 0.99)"),
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("added to sqrt(v) in the denominator").source("Keras RMSprop default (torch: 1e-8)"),
      lrbench::real("momentum", 0.0).at_least(0.0).below(1.0)
          .help("momentum factor on the normalised gradient; 0 disables the buffer").source("Keras RMSprop default"),
      lrbench::flag("centered", false)
          .help("divide by the estimated variance sqrt(v - mean(g)^2) instead of sqrt(v)")
          .source("Keras RMSprop default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.RMSprop default"),
  };

  explicit RmsProp(const lrbench::ParamValues& v)
      : rho_(v.real("rho")), epsilon_(v.real("epsilon")), momentum_(v.real("momentum")),
        centered_(v.flag("centered")), weight_decay_(v.real("weight_decay")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto size = static_cast<Eigen::Index>(layout.size());
    v_.setZero(size);
    a_.setZero(centered_ ? size : 0);
    b_.setZero(momentum_ > 0.0 ? size : 0);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    const float rho = static_cast<float>(rho_), c = static_cast<float>(1.0 - rho_);
    const float wd = static_cast<float>(weight_decay_), eps = static_cast<float>(epsilon_);
    const float a = static_cast<float>(context.lr), mu = static_cast<float>(momentum_);

    v_ = rho * v_ + c * (g + wd * w).square();
    if (centered_) {
      a_ = rho * a_ + c * (g + wd * w);
      update(w, (g + wd * w) / ((v_ - a_.square()).max(0.0f).sqrt() + eps), a, mu);
    } else {
      update(w, (g + wd * w) / (v_.sqrt() + eps), a, mu);
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override {
    return 1 + (centered_ ? 1 : 0) + (momentum_ > 0.0 ? 1 : 0);
  }

 private:
  // w −= lr·b after b = momentum·b + u, or w −= lr·u without momentum; u is an
  // unevaluated expression of w, so it is read before w is written.
  template <class U>
  void update(Eigen::Map<Eigen::ArrayXf>& w, const U& u, float lr, float mu) {
    if (momentum_ > 0.0) {
      b_ = mu * b_ + u;
      w -= lr * b_;
    } else {
      w -= lr * u;
    }
  }

  const double rho_;
  const double epsilon_;
  const double momentum_;
  const bool centered_;
  const double weight_decay_;
  Eigen::ArrayXf v_;  // mean square of the gradient
  Eigen::ArrayXf a_;  // mean of the gradient (centered only)
  Eigen::ArrayXf b_;  // momentum buffer (momentum > 0 only)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(RmsProp)
