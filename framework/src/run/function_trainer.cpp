#include "run/function_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "data/functions.hpp"
#include "run/optimizer_hooks.hpp"
#include "util/random.hpp"

namespace lrbench::run {
namespace {

// StepContext::gradient_at for a test function: the gradient at other
// weights, with the step's own noise (the same "batch"), counted.
class ObjectiveGradient final : public GradientSource {
 public:
  ObjectiveGradient(const data::Objective& objective, std::span<const double> step_noise, std::int64_t& evaluations)
      : objective_(objective), noise_(step_noise), evaluations_(evaluations), x_(noise_.size()), g_(noise_.size()) {}

  double gradient_at(std::span<const float> weights, std::span<float> gradient) override {
    if (weights.size() != x_.size() || gradient.size() != x_.size()) {
      throw std::invalid_argument("gradient_at: weights and gradient must have the function's " +
                                  std::to_string(x_.size()) + " dimensions");
    }
    ++evaluations_;
    for (std::size_t i = 0; i < x_.size(); ++i) x_[i] = static_cast<double>(weights[i]);
    objective_.gradient(x_, g_);
    for (std::size_t i = 0; i < x_.size(); ++i) gradient[i] = static_cast<float>(g_[i] + noise_[i]);
    return objective_.value(x_);
  }

 private:
  const data::Objective& objective_;
  std::span<const double> noise_;
  std::int64_t& evaluations_;
  std::vector<double> x_;
  std::vector<double> g_;
};

}  // namespace

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
  optimizer.reset(ParamLayout::single(d));

  // f and its gradient are computed in double at the float32 point.
  std::vector<double> x(d);
  std::vector<double> g(d);
  std::vector<double> step_noise(d);
  const auto load = [&](std::span<const float> from) {
    for (std::size_t i = 0; i < d; ++i) x[i] = static_cast<double>(from[i]);
  };
  ObjectiveGradient more_gradients(objective, step_noise, record.extra_gradients);

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
      load(params);
      objective.gradient(x, g);
      objective.draw_noise(step_noise, noise);
      for (std::size_t i = 0; i < d; ++i) grads[i] = static_cast<float>(g[i] + step_noise[i]);
      record.updates = ++updates;
      optimizer.step(params, grads, StepContext{lr, updates, &more_gradients});
    }
    // Measured at the optimizer's evaluation weights, as for a model.
    load(evaluation_weights(optimizer, params));
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
