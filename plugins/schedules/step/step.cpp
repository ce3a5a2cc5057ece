// step: multiply the lr by gamma every step_size ticks,
//   lr(t) = base_lr · gamma^floor(t / step_size).
// The closed form of torch.optim.lr_scheduler.StepLR (`_get_closed_form_lr`),
// so any tick can be asked in any order.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "lrbench/lrbench.hpp"

namespace {

class StepSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "step", .version = "1.0.0",
      .description = "multiply the lr by gamma every step_size ticks (torch StepLR)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::integer("step_size", 0).at_least(1).default_null().example(1000)
          .help("ticks between two cuts (required)")
          .source("required: torch StepLR has no default"),
      lrbench::real("gamma", 0.1).above(0.0)
          .help("factor applied at every cut")
          .source("torch StepLR default"),
  };

  StepSchedule(const lrbench::ParamValues& values, double base_lr)
      : base_lr_(base_lr), gamma_(values.real("gamma")) {
    const auto step_size = values.optional_integer("step_size");
    if (!step_size) throw std::invalid_argument("step: 'step_size' is required (torch StepLR has no default)");
    if (*step_size < 1) throw std::invalid_argument("step: 'step_size' must be at least 1");
    step_size_ = *step_size;
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    const std::int64_t cuts = std::max<std::int64_t>(tick, 0) / step_size_;
    return base_lr_ * std::pow(gamma_, static_cast<double>(cuts));
  }

 private:
  const double base_lr_;
  const double gamma_;
  std::int64_t step_size_ = 1;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(StepSchedule)
