#include "run/function_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "run/optimizer_hooks.hpp"
#include "run/training_state.hpp"

namespace lrbench::run {

void train_function(const scenario::RunConfig& config, std::uint64_t seed, Optimizer& optimizer, Schedule& schedule,
                    RunRecord& record) {
  FunctionTraining state(config, seed, optimizer, record.extra_gradients);
  const std::span<float> params = state.params();

  EpochSeries& series = record.epochs;
  const int epochs = config.training.epochs;
  series.train_loss.reserve(static_cast<std::size_t>(epochs));
  series.distance.reserve(static_cast<std::size_t>(epochs));
  series.lr.reserve(static_cast<std::size_t>(epochs));
  const auto recorded_updates = static_cast<std::size_t>(std::max(config.record.lr_per_update, 0));
  const bool per_step = config.schedule.tick == scenario::Tick::step;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  std::int64_t updates = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    double epoch_lr = 0.0;
    for (int step = 0; step < config.training.steps_per_epoch; ++step) {
      const double lr = schedule.lr(per_step ? updates : epoch);
      if (step == 0) epoch_lr = lr;
      if (record.lr_per_update.size() < recorded_updates) record.lr_per_update.push_back(lr);
      record.updates = ++updates;
      state.step(optimizer, lr, updates);
    }
    // Measured at the optimizer's evaluation weights, as for a model.
    const FunctionTraining::Measure at = state.measure(evaluation_weights(optimizer, params));
    const double gap = at.gap;
    if (!std::isfinite(gap)) {
      record.status = RunStatus::diverged;
      record.diverged_epoch = epoch + 1;
      return;
    }
    series.train_loss.push_back(gap);
    series.distance.push_back(at.distance);
    series.lr.push_back(epoch_lr);
    schedule.observe(EpochMetrics{epoch, gap, kNaN, gap, kNaN});
  }
  record.status = RunStatus::ok;
}

}  // namespace lrbench::run
