// fixture_clipped_sgd: SGD with momentum on a clipped gradient, as a test of
// a nullable parameter whose null means a derived value and of an infinite
// default (golden format 2's null and "inf"). Not a shipped plugin.
//
//   ĝ = g · min(1, max_norm / ‖g‖₂)        (max_norm = inf: no clipping; g = 0: ĝ = 0)
//   b = momentum · b + (1 − dampening) · ĝ  (b starts at 0; dampening null: = momentum)
//   w = w − lr · b
#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class FixtureClippedSgd final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "fixture_clipped_sgd", .version = "0.1.0",
      .description = "momentum SGD on a norm-clipped gradient (test fixture)", .default_lr = 0.1};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("momentum", 0.9).at_least(0.0).below(1.0).help("momentum factor"),
      lrbench::real("dampening", 0.0).at_least(0.0).at_most(1.0).default_null()
          .help("the gradient enters b scaled by (1 - dampening); null: dampening = momentum (an average)"),
      lrbench::real("max_norm", std::numeric_limits<double>::infinity()).above(0.0).or_infinite()
          .help("the gradient's norm is clipped to this; inf: no clipping"),
  };

  explicit FixtureClippedSgd(const lrbench::ParamValues& v)
      : momentum_(v.real("momentum")),
        dampening_(v.optional_real("dampening").value_or(momentum_)),
        max_norm_(v.real("max_norm")) {}

  void reset(const lrbench::ParamLayout& layout) override { b_.setZero(static_cast<Eigen::Index>(layout.size())); }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    const double norm = std::sqrt(g.cast<double>().square().sum());
    const double clip = norm > 0.0 ? std::min(1.0, max_norm_ / norm) : 1.0;
    b_ = static_cast<float>(momentum_) * b_ + static_cast<float>((1.0 - dampening_) * clip) * g;
    w -= static_cast<float>(context.lr) * b_;
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 1; }

 private:
  const double momentum_;
  const double dampening_;
  const double max_norm_;
  Eigen::ArrayXf b_;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(FixtureClippedSgd)
