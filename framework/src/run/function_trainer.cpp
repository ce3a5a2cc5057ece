#include "run/function_trainer.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include "data/functions.hpp"
#include "util/random.hpp"

namespace lrbench::run {

void train_function(const scenario::RunConfig& config, std::uint64_t seed, Optimizer& optimizer, Schedule& schedule,
                    RunRecord& record) {
  const auto& spec = std::get<data::FunctionSpec>(config.data.source);
  const data::Objective objective(spec);
  const auto d = static_cast<std::size_t>(objective.dimensions());
  util::Rng noise(spec.random_state, seed, util::Purpose::shuffle);

  // The optimizer's buffers, aligned as for a model (trainer.cpp says why).
  Eigen::VectorXf params_buffer(static_cast<Eigen::Index>(d));
  Eigen::VectorXf grads_buffer(static_cast<Eigen::Index>(d));
  const std::span<float> params(params_buffer.data(), d);
  const std::span<float> grads(grads_buffer.data(), d);
  const std::vector<double> start = objective.start(seed);
  for (std::size_t i = 0; i < d; ++i) params[i] = static_cast<float>(start[i]);
  optimizer.reset(d);

  // f and its gradient are computed in double at the float32 point.
  std::vector<double> x(d);
  std::vector<double> g(d);
  const auto load_x = [&] {
    for (std::size_t i = 0; i < d; ++i) x[i] = static_cast<double>(params[i]);
  };

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
      load_x();
      objective.observed_gradient(x, g, noise);
      for (std::size_t i = 0; i < d; ++i) grads[i] = static_cast<float>(g[i]);
      ++updates;
      optimizer.step(params, grads, lr, updates);
    }
    load_x();
    const double gap = objective.value(x) - objective.minimum();
    if (!std::isfinite(gap)) {
      record.status = RunStatus::diverged;
      record.diverged_epoch = epoch + 1;
      return;
    }
    series.train_loss.push_back(gap);
    series.distance.push_back(objective.distance(x));
    series.lr.push_back(epoch_lr);
    schedule.observe(EpochMetrics{epoch, gap, kNaN, gap, kNaN});
  }
  record.status = RunStatus::ok;
}

}  // namespace lrbench::run
