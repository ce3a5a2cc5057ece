// linear: scale base_lr by a factor that moves linearly from start_factor to
// end_factor over total_iters ticks, then stays at end_factor,
//   lr(t) = base_lr · (start_factor + (end_factor − start_factor) · min(t, total_iters) / total_iters).
// The closed form of torch.optim.lr_scheduler.LinearLR (`_get_closed_form_lr`);
// the usual linear warm-up (Goyal et al. 2017) with end_factor = 1.
#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "lrbench/lrbench.hpp"

namespace {

class LinearSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "linear", .version = "1.0.0",
      .description = "lr factor moving linearly from start_factor to end_factor over total_iters ticks (torch LinearLR)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("start_factor", 1.0 / 3.0).above(0.0).at_most(1.0)
          .help("factor of base_lr at tick 0")
          .source("torch LinearLR default 1/3 (same range check)"),
      lrbench::real("end_factor", 1.0).at_least(0.0).at_most(1.0)
          .help("factor of base_lr from tick total_iters on")
          .source("torch LinearLR default"),
      lrbench::integer("total_iters", 5).at_least(1)
          .help("ticks to go from start_factor to end_factor")
          .source("torch LinearLR default"),
  };

  LinearSchedule(const lrbench::ParamValues& values, double base_lr)
      : base_lr_(base_lr), start_(values.real("start_factor")), end_(values.real("end_factor")),
        total_(values.integer("total_iters")) {
    if (!(start_ > 0.0 && start_ <= 1.0)) {
      throw std::invalid_argument("linear: 'start_factor' must be in (0, 1] (as torch LinearLR)");
    }
    if (!(end_ >= 0.0 && end_ <= 1.0)) {
      throw std::invalid_argument("linear: 'end_factor' must be in [0, 1] (as torch LinearLR)");
    }
    if (total_ < 1) throw std::invalid_argument("linear: 'total_iters' must be at least 1");
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    const auto t = static_cast<double>(std::clamp<std::int64_t>(tick, 0, total_));
    return base_lr_ * (start_ + (end_ - start_) * t / static_cast<double>(total_));
  }

 private:
  const double base_lr_;
  const double start_;
  const double end_;
  const std::int64_t total_;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(LinearSchedule)
