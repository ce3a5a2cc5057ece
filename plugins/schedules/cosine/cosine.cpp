// cosine: half a cosine from base_lr down to eta_min over t_max ticks, then
// eta_min for good,
//   lr(t) = eta_min + (base_lr − eta_min) · (1 + cos(π · min(t, t_max) / t_max)) / 2.
// For t <= t_max this is the closed form of
// torch.optim.lr_scheduler.CosineAnnealingLR (`_get_closed_form_lr`, from
// SGDR, Loshchilov & Hutter 2017, eq. 5 without restarts). torch's formula
// keeps going past t_max and climbs back towards base_lr (a period of
// 2·t_max); lrbench holds eta_min instead, as Keras's CosineDecay does after
// decay_steps, because a benchmark that runs longer than t_max means "annealed"
// and not "warm again".
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>

#include "lrbench/lrbench.hpp"

namespace {

class CosineSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "cosine", .version = "1.0.0",
      .description = "cosine annealing from base_lr to eta_min over t_max ticks, then eta_min (torch CosineAnnealingLR)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::integer("t_max", 0).at_least(1).default_null().example(3200)
          .help("ticks from base_lr down to eta_min (required)")
          .source("required: torch CosineAnnealingLR T_max has no default"),
      lrbench::real("eta_min", 0.0).at_least(0.0)
          .help("the lowest lr, reached at t_max and kept after it")
          .source("torch CosineAnnealingLR default (Keras CosineDecay alpha=0.0)"),
  };

  CosineSchedule(const lrbench::ParamValues& values, double base_lr)
      : base_lr_(base_lr), eta_min_(values.real("eta_min")) {
    const auto t_max = values.optional_integer("t_max");
    if (!t_max) throw std::invalid_argument("cosine: 't_max' is required (torch CosineAnnealingLR has no default)");
    if (*t_max < 1) throw std::invalid_argument("cosine: 't_max' must be at least 1");
    t_max_ = *t_max;
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    const std::int64_t t = std::clamp<std::int64_t>(tick, 0, t_max_);
    const double phase = std::numbers::pi * static_cast<double>(t) / static_cast<double>(t_max_);
    return eta_min_ + (base_lr_ - eta_min_) * (1.0 + std::cos(phase)) / 2.0;
  }

 private:
  const double base_lr_;
  const double eta_min_;
  std::int64_t t_max_ = 1;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(CosineSchedule)
