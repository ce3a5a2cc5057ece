// constant: the optimizer's learning rate at every tick,
//   lr(t) = base_lr.
// The baseline every other schedule is compared against (torch's behaviour
// with no scheduler; Keras's with a plain float learning rate).
#include <cstdint>

#include "lrbench/lrbench.hpp"

namespace {

class ConstantSchedule final : public lrbench::Schedule {
 public:
  static constexpr lrbench::PluginMeta meta{
      .name = "constant", .version = "1.0.0",
      .description = "the optimizer's learning rate at every tick (no schedule)"};

  ConstantSchedule(const lrbench::ParamValues& /*values*/, double base_lr) : base_lr_(base_lr) {}

  [[nodiscard]] double lr(std::int64_t /*tick*/) override { return base_lr_; }

 private:
  const double base_lr_;
};

}  // namespace

LRBENCH_SCHEDULE_PLUGIN(ConstantSchedule)
