// polynomial: decay to zero along a polynomial over total_iters ticks, then 0,
//   lr(t) = base_lr · (1 − min(t, total_iters) / total_iters)^power.
// The closed form of torch.optim.lr_scheduler.PolynomialLR (torch 1.13,
// `_get_closed_form_lr`); Keras's PolynomialDecay with end_learning_rate = 0
// and cycle = False.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "lrbench/lrbench.hpp"
#include "lrbench/math.hpp"

namespace {

class PolynomialSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "polynomial", .version = "1.0.0",
      .description = "polynomial decay to 0 over total_iters ticks (torch PolynomialLR)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::integer("total_iters", 5).at_least(1)
          .help("ticks until the lr reaches 0")
          .source("torch PolynomialLR default"),
      lrbench::real("power", 1.0).at_least(0.0)
          .help("exponent of the decay; 1 is linear")
          .source("torch PolynomialLR default (Keras PolynomialDecay power=1.0)"),
  };

  PolynomialSchedule(const lrbench::ParamValues& values, double base_lr)
      : base_lr_(base_lr), total_(values.integer("total_iters")), power_(values.real("power")) {
    if (total_ < 1) throw std::invalid_argument("polynomial: 'total_iters' must be at least 1");
    if (!(power_ >= 0.0)) throw std::invalid_argument("polynomial: 'power' must be >= 0");
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    const auto t = static_cast<double>(std::clamp<std::int64_t>(tick, 0, total_));
    return base_lr_ * lrbench::math::pow(1.0 - t / static_cast<double>(total_), power_);
  }

 private:
  const double base_lr_;
  const std::int64_t total_;
  const double power_;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(PolynomialSchedule)
