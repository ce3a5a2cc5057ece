// sign_sgd: signSGD and its momentum form Signum (Bernstein, Wang,
// Azizzadenesheli & Anandkumar 2018, "signSGD: Compressed Optimisation for
// Non-Convex Problems", ICML; Algorithms 1 and 3).
//
// With g the gradient, w the weights and β the momentum, one step is
//   w ← w − lr · sign(g)                          momentum = 0 (signSGD)
//   m ← β · m + (1 − β) · g,  w ← w − lr · sign(m)   momentum > 0 (Signum, m starts at 0)
// sign(0) = 0, as torch.sign: a coordinate with a zero gradient (and zero
// momentum) does not move.
//
// An example of a plugin built out of tree against an installed lrbench (or a
// build tree): see README.md next to this file.
#include <cstddef>
#include <cstdint>
#include <span>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class SignSgd final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "sign_sgd", .version = "1.0.0",
      .description = "signSGD / Signum: steps of lr times the sign of the gradient or its momentum"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("momentum", 0.0).at_least(0.0).below(1.0)
          .help("beta of the momentum m = beta*m + (1 - beta)*g whose sign is taken; 0 is plain signSGD")
          .source("0: signSGD (Bernstein et al. 2018 use 0.9 for Signum)"),
  };

  explicit SignSgd(const lrbench::ParamValues& values)
      : momentum_(static_cast<float>(values.real("momentum"))), one_minus_momentum_(1.0F - momentum_) {}

  void reset(const lrbench::ParamLayout& layout) override {
    m_.setZero(momentum_ > 0.0F ? static_cast<Eigen::Index>(layout.size()) : 0);
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<Eigen::ArrayXf> w(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g(grads.data(), n);
    const auto a = static_cast<float>(context.lr);
    if (momentum_ == 0.0F) {
      w -= a * g.sign();
      return;
    }
    m_ = momentum_ * m_ + one_minus_momentum_ * g;
    w -= a * m_.sign();
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return momentum_ > 0.0F ? 1 : 0; }

 private:
  // Held as float, the type the update computes with: converted once here.
  const float momentum_;            // beta
  const float one_minus_momentum_;  // 1 − beta, in float as the update had it
  Eigen::ArrayXf m_;  // Signum's momentum
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(SignSgd)
