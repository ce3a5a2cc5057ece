// lnsgd: layer-wise normalised SGD with momentum. Each tensor of the model
// (each layer's weight matrix and bias) keeps its own momentum and moves by
// exactly lr per step, in L2 norm: the update is the momentum divided by its
// own norm, tensor by tensor.
//
// For every tensor T of the parameter layout, with g_T its gradient:
//   m_T = beta · m_T + (1 − beta) · g_T                 (m_T starts at 0)
//   w_T = w_T − lr · m_T / (‖m_T‖₂ + epsilon)
// With `normalize: weights`, bias tensors take the plain momentum step
// w_T = w_T − lr · m_T instead (layer-wise methods such as LARS and LAMB often
// leave biases out of their per-layer scaling).
//
// Reference: Cutkosky & Mehta 2020, "Momentum Improves Normalized SGD"
// (ICML), Algorithm 1, applied per tensor the way LARS (You, Gitman &
// Ginsburg 2017) applies its trust ratio per layer.
//
// An example of an SDK 2 plugin that uses the parameter layout (see README.md
// next to this file); it is built and run out of tree by lrbench's tests.
#include <cmath>
#include <cstddef>
#include <span>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class LayerwiseNormalizedSgd final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "lnsgd", .version = "1.0.0",
      .description = "layer-wise normalised SGD with momentum: each tensor moves by lr per step (L2 norm)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta", 0.9).at_least(0.0).below(1.0)
          .help("momentum: m = beta*m + (1 - beta)*g, per tensor").source("Cutkosky & Mehta 2020 experiments"),
      lrbench::real("epsilon", 1e-8).above(0.0)
          .help("added to each tensor's momentum norm").source("the usual guard against 0/0"),
      lrbench::choice("normalize", "all", "all|weights")
          .help("all: every tensor is normalised; weights: biases take a plain momentum step")
          .source("all: the algorithm as written"),
  };

  explicit LayerwiseNormalizedSgd(const lrbench::ParamValues& v)
      : beta_(static_cast<float>(v.real("beta"))), one_minus_beta_(static_cast<float>(1.0 - v.real("beta"))),
        epsilon_(v.real("epsilon")), biases_too_(v.choice("normalize") == "all") {}

  // The layout is all this plugin needs beyond the flat buffers: which
  // elements form each tensor, and which tensors are biases.
  void reset(const lrbench::ParamLayout& layout) override {
    layout_ = layout;
    m_.setZero(static_cast<Eigen::Index>(layout.size()));
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    for (const lrbench::Tensor& t : layout_.tensors()) {
      const auto n = static_cast<Eigen::Index>(t.size());
      const auto at = static_cast<Eigen::Index>(t.offset);
      Eigen::Map<Eigen::ArrayXf> w(weights.data() + t.offset, n);
      Eigen::Map<const Eigen::ArrayXf> g(grads.data() + t.offset, n);
      auto m = m_.segment(at, n);
      m = beta_ * m + one_minus_beta_ * g;
      const bool normalize = biases_too_ || t.role == lrbench::TensorRole::weight;
      const double norm = std::sqrt(m.cast<double>().square().sum());
      const double scale = normalize ? context.lr / (norm + epsilon_) : context.lr;
      w -= static_cast<float>(scale) * m;
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 1; }

 private:
  // Held in the type they compute with, converted once: beta and 1 − beta
  // scale float32 momentum; epsilon is added to a norm summed in double.
  const float beta_;
  const float one_minus_beta_;
  const double epsilon_;
  const bool biases_too_;
  lrbench::ParamLayout layout_;  // copied at reset: the tensors to normalise
  Eigen::ArrayXf m_;             // momentum, every tensor in its place
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(LayerwiseNormalizedSgd)
