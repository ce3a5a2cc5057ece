// sgd: stochastic gradient descent with momentum, dampening, Nesterov
// momentum and L2 weight decay, as torch.optim.SGD (PyTorch 1.13).
//
// With g the gradient and w the weights, one step is
//   d = g + weight_decay·w                       (L2 penalty added to the gradient)
//   b = d                                        first step after reset (torch: buffer is None)
//   b = momentum·b + (1 − dampening)·d           later steps
//   d = d + momentum·b   if nesterov,   d = b    otherwise      (only when momentum > 0)
//   w = w − lr·d
// Reference: Sutskever et al. 2013, "On the importance of initialization and
// momentum in deep learning" (Nesterov form as in torch.optim.SGD).
#include <stdexcept>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class Sgd final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "sgd", .version = "1.0.0",
      .description = "SGD with momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("momentum", 0.0).at_least(0.0).below(1.0)
          .help("momentum factor mu; 0 disables the momentum buffer").source("Keras SGD default"),
      lrbench::real("dampening", 0.0).at_least(0.0).at_most(1.0)
          .help("the new gradient enters the buffer scaled by (1 - dampening)")
          .source("torch.optim.SGD default (Keras has none)"),
      lrbench::flag("nesterov", false)
          .help("Nesterov momentum; needs momentum > 0 and dampening = 0").source("Keras SGD default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("L2 penalty: weight_decay * w is added to the gradient").source("torch.optim.SGD default"),
  };

  explicit Sgd(const lrbench::ParamValues& v)
      : momentum_(v.real("momentum")), dampening_(v.real("dampening")),
        nesterov_(v.flag("nesterov")), weight_decay_(v.real("weight_decay")) {
    if (nesterov_ && (momentum_ <= 0.0 || dampening_ != 0.0)) {
      throw std::invalid_argument("sgd: nesterov requires momentum > 0 and dampening = 0 (as torch.optim.SGD)");
    }
  }

  void reset(const lrbench::ParamLayout& layout) override {
    buf_.setZero(momentum_ > 0.0 ? static_cast<Eigen::Index>(layout.size()) : 0);
    buf_empty_ = true;
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    const float wd = static_cast<float>(weight_decay_);
    const float a = static_cast<float>(context.lr);
    if (momentum_ == 0.0) {
      w -= a * (g + wd * w);
      return;
    }
    const float mu = static_cast<float>(momentum_);
    if (buf_empty_) {
      buf_ = g + wd * w;
      buf_empty_ = false;
    } else {
      buf_ = mu * buf_ + static_cast<float>(1.0 - dampening_) * (g + wd * w);
    }
    if (nesterov_) {
      w -= a * ((g + wd * w) + mu * buf_);
    } else {
      w -= a * buf_;
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return momentum_ > 0.0 ? 1 : 0; }

 private:
  const double momentum_;
  const double dampening_;
  const bool nesterov_;
  const double weight_decay_;
  Eigen::ArrayXf buf_;     // momentum buffer b
  bool buf_empty_ = true;  // torch's "momentum_buffer is None": the first step copies d
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Sgd)
