// exponential: multiply the lr by gamma every tick,
//   lr(t) = base_lr · gamma^t.
// The closed form of torch.optim.lr_scheduler.ExponentialLR; Keras's
// ExponentialDecay with decay_steps = 1 and staircase = False.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "lrbench/lrbench.hpp"

namespace {

class ExponentialSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "exponential", .version = "1.0.0",
      .description = "multiply the lr by gamma every tick (torch ExponentialLR)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("gamma", 0.0).above(0.0).default_null().example(0.999)
          .help("factor applied every tick (required)")
          .source("required: torch ExponentialLR and Keras ExponentialDecay have no default"),
  };

  ExponentialSchedule(const lrbench::ParamValues& values, double base_lr) : base_lr_(base_lr) {
    if (values.is_null("gamma")) {
      throw std::invalid_argument("exponential: 'gamma' is required (torch ExponentialLR has no default)");
    }
    gamma_ = values.real("gamma");
    if (!(gamma_ > 0.0)) throw std::invalid_argument("exponential: 'gamma' must be > 0");
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    return base_lr_ * std::pow(gamma_, static_cast<double>(std::max<std::int64_t>(tick, 0)));
  }

 private:
  const double base_lr_;
  double gamma_ = 1.0;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(ExponentialSchedule)
