// fixture_sam: Sharpness-Aware Minimization around an inner optimizer, the
// rule of davda54/sam (non-adaptive), as a test of StepContext::gradient_at
// and of an `optimizer` parameter. Not a shipped plugin: the golden fixtures
// (tests/data/golden/sdk2-fixtures.json) check the SDK's plumbing with it.
//
// With g the gradient at the training weights w:
//   e  = rho · g / (‖g‖₂ + 1e-12)          ‖g‖ over every tensor at once
//   g' = ∇L(w + e)                         on the same batch (gradient_at)
//   the inner optimizer steps w with g'    (at this step's lr and number)
// Reference: Foret et al. 2021, "Sharpness-Aware Minimization for
// Efficiently Improving Generalization"; github.com/davda54/sam.
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class FixtureSam final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "fixture_sam", .version = "0.1.0", .description = "SAM around an inner optimizer (test fixture)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("rho", 0.05).above(0.0).help("radius of the ascent step").source("davda54/sam default"),
      lrbench::optimizer("inner", "sgd").help("the optimizer that takes the step").source("davda54/sam README"),
  };

  explicit FixtureSam(const lrbench::ParamValues& v) : rho_(v.real("rho")), inner_(v.optimizer("inner")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    const auto n = static_cast<Eigen::Index>(layout.size());
    perturbed_.setZero(n);
    sharp_grads_.setZero(n);
    inner_->reset(layout);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<const Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    const double norm = std::sqrt(g.cast<double>().square().sum());
    perturbed_ = w + static_cast<float>(rho_ / (norm + 1e-12)) * g;
    static_cast<void>(context.gradient_at(std::span<const float>(perturbed_.data(), weights.size()),
                                          std::span<float>(sharp_grads_.data(), weights.size())));
    inner_->step(weights, std::span<const float>(sharp_grads_.data(), weights.size()), context);
  }

  // Whatever the inner optimizer evaluates at (schedule-free's x, say).
  [[nodiscard]] std::span<const float> evaluation_weights(std::span<const float> weights) override {
    return inner_->evaluation_weights(weights);
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2 + inner_->state_buffers(); }

 private:
  const double rho_;
  const std::shared_ptr<lrbench::Optimizer> inner_;
  Eigen::ArrayXf perturbed_;    // w + e
  Eigen::ArrayXf sharp_grads_;  // the gradient at w + e
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(FixtureSam)
