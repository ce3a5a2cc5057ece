// lars: LARS, layer-wise adaptive rate scaling (You et al. 2017, "Large
// Batch Training of Convolutional Networks"), exactly as optax's `lars`,
// with the trust ratio taken per tensor of the layout.
//
// With g the gradient and w the weights, per tensor W of the layout:
//   u = g + weight_decay·w
//   r = trust_coefficient·‖w_W‖ / (‖u_W‖ + epsilon), or 1 when either norm is 0
//   u = −lr·r·u                                 (lr enters before the momentum)
//   b = u + momentum·b                          (b starts at 0)
//   w = w + (u + momentum·b  if nesterov, else  b)
//
// Reference: google-deepmind/optax, optax/_src/alias.py (lars),
//   optax/_src/transform.py, optax/transforms/_accumulation.py
//   @ 2edbcbe2390da13983b92cbef94ac0460ecde1c5: add_decayed_weights +
//   scale_by_trust_ratio (masks all true) + scale_by_learning_rate + trace.
// Quirks followed (tools/golden/optimizers/lars.py):
//   - the trace accumulates lr-scaled steps (with a varying lr this differs
//     from torch-style LARS, which multiplies the trace by lr);
//   - the ratio is per tensor, biases included, on g + weight_decay·w, and
//     1 when ‖w_W‖ = 0 or ‖u_W‖ = 0;
//   - the trace starts at 0: the first step is u (not torch's buffer = g).
// The norms are lrbench::math's fixed-order sums (float32), so the ratio has
// the same bits on every CPU. Two passes per tensor, each over the buffers
// once: the two norms together (on 16-lane vectors, fixed_order_sums_lanes),
// then the step (u is recomputed, not stored).
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

#include "../fixed_order_sums.hpp"

namespace {

class Lars final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "lars", .version = "1.0.0",
      .description = "LARS (You et al. 2017), as optax's lars, trust ratio per tensor"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("momentum", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the trace of lr-scaled updates").source("optax lars default"),
      lrbench::real("weight_decay", 0.0).at_least(0.0)
          .help("weight_decay * w is added to the gradient before the trust ratio")
          .source("optax lars default"),
      lrbench::real("trust_coefficient", 0.001).above(0.0)
          .help("multiplies the ratio ||w|| / (||u|| + epsilon)").source("optax lars default"),
      lrbench::real("epsilon", 0.0).at_least(0.0)
          .help("added to ||u|| in the trust ratio").source("optax lars default eps"),
      lrbench::flag("nesterov", false)
          .help("Nesterov momentum: apply u + momentum * b instead of b").source("optax lars default"),
  };

  explicit Lars(const lrbench::ParamValues& v)
      : trust_coefficient_(v.real("trust_coefficient")), epsilon_(v.real("epsilon")),
        mu_(static_cast<float>(v.real("momentum"))), wd_(static_cast<float>(v.real("weight_decay"))),
        nesterov_(v.flag("nesterov")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    trace_.setZero(static_cast<Eigen::Index>(layout.size()));
    tensors_.clear();
    for (const lrbench::Tensor& t : layout.tensors()) tensors_.emplace_back(t.offset, t.size());
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const float mu = mu_, wd = wd_;
    for (const auto& [offset, size] : tensors_) {
      float* w = weights.data() + offset;
      const float* g = grads.data() + offset;
      float* b = trace_.data() + offset;
      // Pass 1: ‖w_W‖² and ‖u_W‖² (u = g + weight_decay·w, not stored), in
      // one pass over w and g, 16 elements at a time in registers.
      using lrbench_plugins::Lanes;
      const std::array<float, 2> squares = lrbench_plugins::fixed_order_sums_lanes<2>(
          size,
          [&](std::size_t i, Lanes* terms) {
            const Lanes wi = lrbench_plugins::load_lanes(w + i);
            const Lanes u = lrbench_plugins::load_lanes(g + i) + wd * wi;
            terms[0] = wi * wi;
            terms[1] = u * u;
          },
          [&](std::size_t i, float* terms) {
            const float u = g[i] + wd * w[i];
            terms[0] = w[i] * w[i];
            terms[1] = u * u;
          });
      const double w_norm = std::sqrt(static_cast<double>(squares[0]));
      const double u_norm = std::sqrt(static_cast<double>(squares[1]));
      const double ratio =
          (w_norm == 0.0 || u_norm == 0.0) ? 1.0 : trust_coefficient_ * w_norm / (u_norm + epsilon_);
      const float scale = static_cast<float>(-context.lr * ratio);
      // Pass 2: u again (the same bits), scaled, into the trace and the weights.
      if (nesterov_) {
        step_block<true>(w, g, b, size, wd, mu, scale);
      } else {
        step_block<false>(w, g, b, size, wd, mu, scale);
      }
    }
  }

  // The trace.
  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 1; }

 private:
  // u = (g + wd·w)·scale,  b = u + mu·b,  w = w + (u + mu·b if Nesterov, else b): a plain loop
  // that the compiler vectorises (__restrict parameters, as GCC ignores it on local pointers).
  template <bool Nesterov>
  static void step_block(float* __restrict w, const float* __restrict g, float* __restrict b, std::size_t n,
                         const float wd, const float mu, const float scale) {
    for (std::size_t i = 0; i < n; ++i) {
      const float u = (g[i] + wd * w[i]) * scale;
      const float bi = u + mu * b[i];
      b[i] = bi;
      w[i] = Nesterov ? w[i] + (u + mu * bi) : w[i] + bi;
    }
  }

  const double trust_coefficient_;
  const double epsilon_;
  const float mu_, wd_;
  const bool nesterov_;
  Eigen::ArrayXf trace_;  // momentum trace of lr-scaled updates
  std::vector<std::pair<std::size_t, std::size_t>> tensors_;  // (offset, size) per tensor
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Lars)
