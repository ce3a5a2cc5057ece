// lookahead: Lookahead around any optimizer (Zhang, Lucas, Hinton & Ba 2019,
// "Lookahead Optimizer: k steps forward, 1 step back"), as optax.lookahead.
//
// Reference: google-deepmind/optax, optax/_src/lookahead.py
// @ 2edbcbe2390da13983b92cbef94ac0460ecde1c5, lookahead(fast_optimizer=inner,
// sync_period=k, slow_step_size=alpha, reset_state=False); golden file
// tests/data/golden/references/lookahead.json.
//
// With f the fast (training) weights and s the slow weights, both the
// initial weights at first (s is copied at the first step):
//   f = inner.step(f, g)                 (the host's gradient, lr and step number)
//   after every k-th step of its own:  s = s + alpha·(f − s),  f = s
// The model is evaluated at s (evaluation weights); training continues from f.
//
// Quirks of the reference, followed: the inner optimizer keeps its state
// (momentum, moments) across synchronisations (reset_state false) and sees
// the host's step number; the synchronisation counts Lookahead's own steps
// since reset. Deviation in form only: optax merges the last fast step and
// the synchronisation into one update, fast += u − (1 − alpha)·(fast + u −
// slow); this plugin takes the equivalent two-step form of the paper's
// Algorithm 1 (the two differ only by rounding).
#include <memory>

#include <Eigen/Core>

#include "lrbench/lrbench.hpp"

namespace {

class Lookahead final : public lrbench::Optimizer {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "lookahead", .version = "1.0.0",
      .description = "Lookahead around an inner optimizer (Zhang et al. 2019; optax lookahead)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::integer("k", 5).at_least(1)
          .help("fast steps between synchronisations (optax's sync_period)").source("the paper's k = 5"),
      lrbench::real("alpha", 0.5).above(0.0).at_most(1.0)
          .help("slow step size: s = s + alpha·(f - s) at a synchronisation (optax's slow_step_size)")
          .source("the paper's alpha = 0.5"),
      lrbench::optimizer("inner", "{name: sgd, params: {momentum: 0.9}}")
          .help("the optimizer that steps the fast weights; its state survives synchronisations")
          .source("the paper's experiments: SGD with momentum 0.9"),
  };

  explicit Lookahead(const lrbench::ParamValues& v)
      : k_(v.integer("k")), alpha_(static_cast<float>(v.real("alpha"))), inner_(v.optimizer("inner")) {}

  void reset(const lrbench::ParamLayout& layout) override {
    slow_.setZero(static_cast<Eigen::Index>(layout.size()));
    started_ = false;
    since_sync_ = 0;
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
    if (++since_sync_ == k_) {
      since_sync_ = 0;
      float* s = slow_.data();
      float* f = weights.data();
      const float alpha = alpha_;
      for (Eigen::Index i = 0; i < n; ++i) {
        s[i] = s[i] + alpha * (f[i] - s[i]);
        f[i] = s[i];
      }
    }
  }

  [[nodiscard]] std::span<const float> evaluation_weights(std::span<const float> weights) override {
    if (!started_) return weights;
    return {slow_.data(), static_cast<std::size_t>(slow_.size())};
  }

  [[nodiscard]] std::size_t state_buffers() const noexcept override { return 1 + inner_->state_buffers(); }

 private:
  const std::int64_t k_;
  const float alpha_;
  const std::shared_ptr<lrbench::Optimizer> inner_;
  Eigen::ArrayXf slow_;  // the slow weights s
  std::int64_t since_sync_ = 0;
  bool started_ = false;
};

}  // namespace

LRBENCH_OPTIMIZER_PLUGIN(Lookahead)
