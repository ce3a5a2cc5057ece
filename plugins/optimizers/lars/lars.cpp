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
// The norms are lrbench::math::squared_norm (fixed order, float32), so the
// ratio has the same bits on every CPU.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

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
    const auto n = static_cast<Eigen::Index>(layout.size());
    trace_.setZero(n);
    u_.setZero(n);
    tensors_.clear();
    for (const lrbench::Tensor& t : layout.tensors()) tensors_.emplace_back(t.offset, t.size());
  }

  void step(std::span<float> weights, std::span<const float> grads, const lrbench::StepContext& context) override {
    const auto n = static_cast<Eigen::Index>(weights.size());
    Eigen::Map<const Eigen::ArrayXf> w_all(weights.data(), n);
    Eigen::Map<const Eigen::ArrayXf> g_all(grads.data(), n);
    u_ = g_all + wd_ * w_all;
    for (const auto& [offset, size] : tensors_) {
      const std::span<const float> w_t(weights.data() + offset, size);
      const std::span<const float> u_t(u_.data() + offset, size);
      const double w_norm = std::sqrt(static_cast<double>(lrbench::math::squared_norm(w_t)));
      const double u_norm = std::sqrt(static_cast<double>(lrbench::math::squared_norm(u_t)));
      const double ratio =
          (w_norm == 0.0 || u_norm == 0.0) ? 1.0 : trust_coefficient_ * w_norm / (u_norm + epsilon_);
      const float scale = static_cast<float>(-context.lr * ratio);
      const auto first = static_cast<Eigen::Index>(offset);
      const auto len = static_cast<Eigen::Index>(size);
      // In blocks that stay in L1: u, the trace and the weights once each.
      for (Eigen::Index start = first; start < first + len; start += kBlock) {
        const Eigen::Index block = std::min(kBlock, first + len - start);
        Eigen::Map<Eigen::ArrayXf> w(weights.data() + start, block);
        auto u = u_.segment(start, block);
        auto b = trace_.segment(start, block);
        u *= scale;
        b = u + mu_ * b;
        if (nesterov_) {
          w += u + mu_ * b;
        } else {
          w += b;
        }
      }
    }
  }

  // The trace, plus the update u written then read back.
  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 2; }

 private:
  static constexpr Eigen::Index kBlock = 2048;  // 8 KiB per buffer
  const double trust_coefficient_;
  const double epsilon_;
  const float mu_, wd_;
  const bool nesterov_;
  Eigen::ArrayXf trace_;  // momentum trace of lr-scaled updates
  Eigen::ArrayXf u_;      // this step's update (scratch, sized in reset)
  std::vector<std::pair<std::size_t, std::size_t>> tensors_;  // (offset, size) per tensor
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Lars)
