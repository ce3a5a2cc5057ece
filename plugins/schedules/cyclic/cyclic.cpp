// cyclic: cyclical learning rates (Smith 2017, "Cyclical Learning Rates for
// Training Neural Networks"), as torch.optim.lr_scheduler.CyclicLR. The lr
// range is the schedule's own (base_lr .. max_lr); the optimizer's lr is
// ignored, as torch overwrites it.
//   A cycle is up = step_size_up ticks rising then down = step_size_down
//   ticks falling (down = up when null). At tick t, with pos = t mod (up+down)
//   and cycle = floor(t / (up+down)) + 1,
//     height = pos / up                  when pos <= up
//            = (up + down − pos) / down  otherwise
//     lr = base_lr + (max_lr − base_lr) · height · scale
//   scale: triangular 1; triangular2 1 / 2^(cycle − 1) (halved every cycle);
//   exp_range gamma^t (t counted in ticks, torch's scale_mode "iterations").
// This is torch's get_lr written in integers for the position in the cycle
// (torch: x = 1 + t/total − cycle in floating point), so it is exact.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "lrbench/lrbench.hpp"

namespace {

class CyclicSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "cyclic", .version = "1.0.0",
      .description = "cyclical lr between base_lr and max_lr (torch CyclicLR; ignores the optimizer's lr)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("base_lr", 0.0).at_least(0.0).default_null().example(0.001)
          .help("the lower end of the cycle (required; replaces the optimizer's lr)")
          .source("required: torch CyclicLR has no default"),
      lrbench::real("max_lr", 0.0).at_least(0.0).default_null().example(0.01)
          .help("the upper end of the cycle (required)")
          .source("required: torch CyclicLR has no default"),
      lrbench::integer("step_size_up", 2000).at_least(1)
          .help("ticks rising from base_lr to max_lr")
          .source("torch CyclicLR default"),
      lrbench::integer("step_size_down", 0).at_least(1).default_null()
          .help("ticks falling back to base_lr; null = step_size_up")
          .source("torch CyclicLR default (None)"),
      lrbench::choice("mode", "triangular", "triangular|triangular2|exp_range")
          .help("amplitude policy: constant, halved every cycle, or scaled by gamma^t")
          .source("torch CyclicLR default"),
      lrbench::real("gamma", 1.0).above(0.0)
          .help("exp_range: the amplitude is scaled by gamma^t")
          .source("torch CyclicLR default"),
  };

  CyclicSchedule(const lrbench::ParamValues& values, double /*base_lr: ignored, as torch*/)
      : up_(values.integer("step_size_up")), gamma_(values.real("gamma")) {
    if (values.is_null("base_lr")) throw std::invalid_argument("cyclic: 'base_lr' is required (torch CyclicLR has no default)");
    if (values.is_null("max_lr")) throw std::invalid_argument("cyclic: 'max_lr' is required (torch CyclicLR has no default)");
    low_ = values.real("base_lr");
    high_ = values.real("max_lr");
    down_ = values.optional_integer("step_size_down").value_or(up_);
    if (up_ < 1 || down_ < 1) {
      throw std::invalid_argument("cyclic: 'step_size_up' and 'step_size_down' must be at least 1");
    }
    const std::string& mode = values.choice("mode");
    if (mode == "triangular") {
      mode_ = Mode::triangular;
    } else if (mode == "triangular2") {
      mode_ = Mode::triangular2;
    } else if (mode == "exp_range") {
      mode_ = Mode::exp_range;
    } else {
      throw std::invalid_argument("cyclic: 'mode' must be triangular, triangular2 or exp_range, not '" + mode + "'");
    }
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    const std::int64_t t = std::max<std::int64_t>(tick, 0);
    const std::int64_t total = up_ + down_;
    const std::int64_t pos = t % total;
    const std::int64_t cycle = t / total + 1;
    const double height = pos <= up_ ? static_cast<double>(pos) / static_cast<double>(up_)
                                     : static_cast<double>(total - pos) / static_cast<double>(down_);
    double scale = 1.0;
    switch (mode_) {
      case Mode::triangular: break;
      case Mode::triangular2: scale = std::pow(0.5, static_cast<double>(cycle - 1)); break;
      case Mode::exp_range: scale = std::pow(gamma_, static_cast<double>(t)); break;
    }
    return low_ + (high_ - low_) * height * scale;
  }

 private:
  enum class Mode { triangular, triangular2, exp_range };
  const std::int64_t up_;
  const double gamma_;
  std::int64_t down_ = 0;
  double low_ = 0.0;
  double high_ = 0.0;
  Mode mode_ = Mode::triangular;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(CyclicSchedule)
