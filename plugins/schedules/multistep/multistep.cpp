// multistep: multiply the lr by gamma at each milestone tick,
//   lr(t) = base_lr · gamma^(number of milestones m with m <= t).
// The closed form of torch.optim.lr_scheduler.MultiStepLR
// (`_get_closed_form_lr`: gamma ** bisect_right(milestones, t)).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "lrbench/lrbench.hpp"

namespace {

class MultiStepSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "multistep", .version = "1.0.0",
      .description = "multiply the lr by gamma at each milestone tick (torch MultiStepLR)"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::integer_list("milestones", "[]").at_least(0).default_null().example("[1000, 2000]")
          .help("ticks at which the lr is cut, strictly increasing (required)")
          .source("required: torch MultiStepLR has no default"),
      lrbench::real("gamma", 0.1).above(0.0)
          .help("factor applied at every milestone")
          .source("torch MultiStepLR default"),
  };

  MultiStepSchedule(const lrbench::ParamValues& values, double base_lr)
      : base_lr_(base_lr), gamma_(values.real("gamma")) {
    if (values.is_null("milestones")) {
      throw std::invalid_argument("multistep: 'milestones' is required (torch MultiStepLR has no default)");
    }
    milestones_ = values.integer_list("milestones");
    for (std::size_t i = 0; i < milestones_.size(); ++i) {
      if (milestones_[i] < 0) {
        throw std::invalid_argument("multistep: milestone " + std::to_string(milestones_[i]) + " is negative");
      }
      if (i > 0 && milestones_[i] <= milestones_[i - 1]) {
        throw std::invalid_argument("multistep: milestones must be strictly increasing, found " +
                                    std::to_string(milestones_[i - 1]) + " then " +
                                    std::to_string(milestones_[i]));
      }
    }
  }

  [[nodiscard]] double lr(std::int64_t tick) override {
    // bisect_right: how many milestones are <= tick.
    const auto passed = std::upper_bound(milestones_.begin(), milestones_.end(), tick) - milestones_.begin();
    return base_lr_ * std::pow(gamma_, static_cast<double>(passed));
  }

 private:
  const double base_lr_;
  const double gamma_;
  std::vector<std::int64_t> milestones_;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(MultiStepSchedule)
