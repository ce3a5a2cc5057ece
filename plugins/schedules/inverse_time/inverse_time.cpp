// inverse_time: time-based (inverse-time) decay,
//   lr(t) = base_lr / (1 + decay·t).
// This is the `decay=` argument of the legacy Keras optimizers (Keras 2.x
// `optimizer_v2`: lr_t = lr / (1 + decay·iterations), applied per update),
// kept so that old Keras recipes can be reproduced. The golden values come
// from torch.optim.lr_scheduler.LambdaLR with the same lambda.
#include <algorithm>
#include <cstdint>

#include "lrbench/lrbench.hpp"

namespace {

class InverseTimeSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "inverse_time", .version = "1.0.0",
      .description = "inverse-time decay lr0 / (1 + decay*t), the legacy Keras optimizer `decay=`"};
  static constexpr lrbench::ParamSpec params[] = {
      lrbench::real("decay", 0.0).at_least(0.0)
          .help("decay rate per tick; 0 keeps the lr constant")
          .source("Keras 2.x legacy optimizer default decay=0.0"),
  };

  InverseTimeSchedule(const lrbench::ParamValues& values, double base_lr)
      : base_lr_(base_lr), decay_(values.real("decay")) {}

  [[nodiscard]] double lr(std::int64_t tick) override {
    const auto t = static_cast<double>(std::max<std::int64_t>(tick, 0));
    return base_lr_ / (1.0 + decay_ * t);
  }

 private:
  const double base_lr_;
  const double decay_;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(InverseTimeSchedule)
