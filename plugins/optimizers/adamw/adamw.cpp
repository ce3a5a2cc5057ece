// adamw: Adam with decoupled weight decay, as torch.optim.AdamW (PyTorch 1.13).
//
// With g the gradient, w the weights and t = step (1-based, from the host):
//   w = w · (1 − lr·weight_decay)                (decoupled: never enters m or v)
//   m = beta1·m + (1 − beta1)·g
//   v = beta2·v + (1 − beta2)·g²
//   vmax = max(vmax, v) and v̂ = vmax if amsgrad, else v̂ = v
//   w = w − lr/(1 − beta1^t) · m / (sqrt(v̂)/sqrt(1 − beta2^t) + epsilon)
// References: Loshchilov & Hutter 2019, "Decoupled Weight Decay
// Regularization"; Reddi et al. 2018 (AMSGrad).
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class AdamW final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "adamw", .version = "1.0.0",
      .description = "Adam with decoupled weight decay and AMSGrad (torch.optim.AdamW)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("beta1", 0.9).at_least(0.0).below(1.0)
          .help("decay rate of the first-moment average m").source("Keras AdamW default beta_1"),
      lrbench::real("beta2", 0.999).at_least(0.0).below(1.0)
          .help("decay rate of the second-moment average v").source("Keras AdamW default beta_2"),
      lrbench::real("epsilon", 1e-7).above(0.0)
          .help("added to the bias-corrected sqrt(v) (torch placement)").source("Keras AdamW default (torch: 1e-8)"),
      lrbench::real("weight_decay", 0.004).at_least(0.0)
          .help("decoupled decay: w is scaled by (1 - lr * weight_decay) each step")
          .source("Keras AdamW default (torch: 0.01)"),
      lrbench::flag("amsgrad", false)
          .help("AMSGrad: divide by the running maximum of v").source("Keras AdamW default"),
  };

  explicit AdamW(const lrbench::ParamValues& v)
      : beta1_(v.real("beta1")), beta2_(v.real("beta2")), epsilon_(v.real("epsilon")),
        weight_decay_(v.real("weight_decay")), amsgrad_(v.flag("amsgrad")) {}

  void reset(std::size_t n) override {
    const auto size = static_cast<Eigen::Index>(n);
    m_.setZero(size);
    v_.setZero(size);
    vmax_.setZero(amsgrad_ ? size : 0);
  }

  void step(std::span<float> weights, std::span<const float> grads, double lr, std::int64_t step) override {
    const double t = static_cast<double>(step);
    const float decay = static_cast<float>(1.0 - lr * weight_decay_);
    const float step_size = static_cast<float>(lr / (1.0 - std::pow(beta1_, t)));
    const float inv_bc2_sqrt = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(beta2_, t)));
    const float b1 = static_cast<float>(beta1_), b2 = static_cast<float>(beta2_);
    const float c1 = static_cast<float>(1.0 - beta1_), c2 = static_cast<float>(1.0 - beta2_);
    const float eps = static_cast<float>(epsilon_);

    // Block by block, so each buffer crosses the memory bus once per step (as adam).
    const auto n = static_cast<Eigen::Index>(weights.size());
    for (Eigen::Index start = 0; start < n; start += kBlock) {
      const Eigen::Index len = std::min(kBlock, n - start);
      Eigen::Map<Eigen::ArrayXf> w(weights.data() + start, len);
      Eigen::Map<const Eigen::ArrayXf> g(grads.data() + start, len);
      auto m = m_.segment(start, len);
      auto v = v_.segment(start, len);
      m = b1 * m + c1 * g;
      v = b2 * v + c2 * g.square();
      if (amsgrad_) {
        auto vmax = vmax_.segment(start, len);
        vmax = vmax.max(v);
        w = decay * w - step_size * m / (vmax.sqrt() * inv_bc2_sqrt + eps);
      } else {
        w = decay * w - step_size * m / (v.sqrt() * inv_bc2_sqrt + eps);
      }
    }
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return amsgrad_ ? 3 : 2; }

 private:
  const double beta1_;
  const double beta2_;
  const double epsilon_;
  const double weight_decay_;
  const bool amsgrad_;
  static constexpr Eigen::Index kBlock = 2048;  // 8 KiB per buffer
  Eigen::ArrayXf m_;     // first moment
  Eigen::ArrayXf v_;     // second moment
  Eigen::ArrayXf vmax_;  // running max of v (amsgrad only)
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(AdamW)
