// cosine_restarts: SGDR, cosine annealing with warm restarts
// (Loshchilov & Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm
// Restarts", eq. 5), as torch.optim.lr_scheduler.CosineAnnealingWarmRestarts:
//   cycle i lasts T_i = t_0 · t_mult^i ticks; within it, at t_cur ticks from
//   the restart,
//   lr = eta_min + (base_lr − eta_min) · (1 + cos(π · t_cur / T_i)) / 2.
// The cycle holding tick t is found by subtracting whole cycle lengths
// (O(log t) steps when t_mult >= 2), in integers: torch's own closed form
// goes through a floating-point logarithm, which can land one cycle off at
// a restart boundary. A pure function of the tick.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "lrbench/lrbench.hpp"

namespace {

class CosineRestartsSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "cosine_restarts", .version = "1.0.0",
      .description = "SGDR: cosine annealing with warm restarts (torch CosineAnnealingWarmRestarts)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::integer("t_0", 0).at_least(1).default_null().example(400)
          .help("length in ticks of the first cycle (required)")
          .source("required: torch CosineAnnealingWarmRestarts T_0 has no default"),
      lrbench::integer("t_mult", 1).at_least(1)
          .help("each cycle is t_mult times longer than the one before")
          .source("torch CosineAnnealingWarmRestarts default"),
      lrbench::real("eta_min", 0.0).at_least(0.0)
          .help("the lr at the end of every cycle")
          .source("torch CosineAnnealingWarmRestarts default"),
  };

  CosineRestartsSchedule(const lrbench::ParamValues& values, double base_lr)
      : base_lr_(base_lr), t_mult_(values.integer("t_mult")), eta_min_(values.real("eta_min")) {
    const auto t_0 = values.optional_integer("t_0");
    if (!t_0) {
      throw std::invalid_argument("cosine_restarts: 't_0' is required (torch CosineAnnealingWarmRestarts has no default)");
    }
    if (*t_0 < 1) throw std::invalid_argument("cosine_restarts: 't_0' must be at least 1");
    if (t_mult_ < 1) throw std::invalid_argument("cosine_restarts: 't_mult' must be at least 1");
    t_0_ = *t_0;
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    std::int64_t t_cur = std::max<std::int64_t>(tick, 0);
    std::int64_t t_i = t_0_;
    if (t_mult_ == 1) {
      t_cur %= t_i;
    } else {
      while (t_cur >= t_i) {
        t_cur -= t_i;
        // A next cycle longer than any int64 tick never ends: stop there.
        if (t_i > std::numeric_limits<std::int64_t>::max() / t_mult_) {
          t_i = std::numeric_limits<std::int64_t>::max();
          break;
        }
        t_i *= t_mult_;
      }
    }
    const double phase = std::numbers::pi * static_cast<double>(t_cur) / static_cast<double>(t_i);
    return eta_min_ + (base_lr_ - eta_min_) * (1.0 + std::cos(phase)) / 2.0;
  }

 private:
  const double base_lr_;
  const std::int64_t t_mult_;
  const double eta_min_;
  std::int64_t t_0_ = 1;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(CosineRestartsSchedule)
