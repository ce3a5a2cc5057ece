// fixture_lookahead: Lookahead around an inner optimizer, as a test of
// evaluation weights and of an `optimizer` parameter with a default that has
// parameters of its own. Not a shipped plugin (see sam.cpp).
//
// The inner optimizer steps the fast weights φ (the training weights). Every
// k-th step (host step numbers k, 2k, ...), after the inner step:
//   slow = slow + alpha · (φ − slow),   φ = slow
// slow starts at the initial weights (copied at the first step). The model
// is evaluated at the slow weights.
// Reference: Zhang, Lucas, Hinton & Ba 2019, "Lookahead Optimizer: k steps
// forward, 1 step back", Algorithm 1.
#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class FixtureLookahead final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "fixture_lookahead", .version = "0.1.0", .description = "Lookahead around an inner optimizer (test fixture)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::integer("k", 5).at_least(1).help("fast steps between synchronisations").source("the paper's k"),
      lrbench::real("alpha", 0.5).at_least(0.0).at_most(1.0).help("slow step size").source("the paper's alpha"),
      lrbench::optimizer("inner", "{name: sgd, params: {momentum: 0.9}}")
          .help("the optimizer that steps the fast weights").source("optax lookahead example"),
  };

  explicit FixtureLookahead(const lrbench::ParamValues& v)
      : k_(v.integer("k")), alpha_(v.real("alpha")), inner_(v.optimizer("inner")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    slow_.setZero(static_cast<Eigen::Index>(layout.size()));
    started_ = false;
    inner_->reset(layout);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<Eigen::ArrayXf> fast(weights.data(), n);
    if (!started_) {
      slow_ = fast;
      started_ = true;
    }
    inner_->step(weights, grads, context);
    if (context.step % k_ == 0) {
      slow_ += static_cast<float>(alpha_) * (fast - slow_);
      fast = slow_;
    }
  }

  [[nodiscard]] std::span<const float> evaluation_weights(std::span<const float> weights) override {
    if (!started_) return weights;
    return {slow_.data(), static_cast<std::size_t>(slow_.size())};
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 1 + inner_->state_buffers(); }

 private:
  const std::int64_t k_;
  const double alpha_;
  const std::shared_ptr<lrbench::Optimizer> inner_;
  Eigen::ArrayXf slow_;  // the slow weights
  bool started_ = false;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(FixtureLookahead)
