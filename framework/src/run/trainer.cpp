#include "run/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "model/mlp.hpp"
#include "run/optimizer_hooks.hpp"
#include "run/training_state.hpp"

namespace lrbench::run {

void train(const scenario::RunConfig& config, const data::Dataset& data, std::uint64_t seed,
           Optimizer& optimizer, Schedule& schedule, RunRecord& record) {
  const data::Samples& train_set = data.train;
  const data::Samples& test_set = data.test;
  const auto n = static_cast<int>(train_set.num_samples());
  ModelTraining state(config, train_set, seed, optimizer);
  const int batch_size = state.batch_size;
  model::Mlp<float>& mlp = state.mlp;
  const std::span<float> params = state.params();
  const std::span<float> grads = state.grads();
  record.isa = std::string(model::to_string(mlp.isa()));

  // The epoch's order of the training rows; each minibatch is the next
  // `batch_size` of them, gathered by the model as it copies the batch in.
  const data::SampleMatrix& train_x = train_set.x;
  const data::SampleMatrix& test_x = test_set.x;
  std::vector<std::int32_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);

  EpochSeries& series = record.epochs;
  const int epochs = config.training.epochs;
  const data::Samples& validation_set = data.validation;
  const bool validating = !validation_set.empty();
  for (auto* s : {&series.train_loss, &series.train_accuracy, &series.test_loss, &series.test_accuracy, &series.lr}) {
    s->reserve(static_cast<std::size_t>(epochs));
  }
  if (validating) {
    series.validation_loss.reserve(static_cast<std::size_t>(epochs));
    series.validation_accuracy.reserve(static_cast<std::size_t>(epochs));
  }
  const auto recorded_updates = static_cast<std::size_t>(std::max(config.record.lr_per_update, 0));
  record.lr_per_update.reserve(recorded_updates);
  const bool per_step = config.schedule.tick == scenario::Tick::step;

  std::int64_t updates = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    if (config.training.shuffle) state.shuffle_rng.shuffle(order);
    double epoch_lr = 0.0;
    for (int start = 0; start < n; start += batch_size) {
      const int count = std::min(batch_size, n - start);
      const double lr = schedule.lr(per_step ? updates : epoch);
      if (start == 0) epoch_lr = lr;
      if (record.lr_per_update.size() < recorded_updates) record.lr_per_update.push_back(lr);
      const auto rows = std::span<const std::int32_t>(order).subspan(static_cast<std::size_t>(start),
                                                                     static_cast<std::size_t>(count));
      mlp.loss_and_gradient(params, train_x, train_set.y, rows, grads);
      record.updates = ++updates;
      BatchGradient more_gradients(mlp, train_x, train_set.y, rows, record.extra_gradients);
      optimizer.step(params, grads, StepContext{lr, updates, &more_gradients});
    }

    // Metrics at the optimizer's evaluation weights; training goes on from `params`.
    const std::span<const float> evaluated = evaluation_weights(optimizer, params);
    const model::Evaluation on_train = mlp.evaluate(evaluated, train_x, train_set.y);
    const model::Evaluation on_test = mlp.evaluate(evaluated, test_x, test_set.y);
    EpochMetrics metrics{epoch, on_train.loss, on_train.accuracy, on_test.loss, on_test.accuracy};
    if (validating) {
      const model::Evaluation on_validation = mlp.evaluate(evaluated, validation_set.x, validation_set.y);
      metrics.validation_loss = on_validation.loss;
      metrics.validation_accuracy = on_validation.accuracy;
    }
    if (!std::isfinite(on_train.loss) || !std::isfinite(on_test.loss) ||
        (validating && !std::isfinite(metrics.validation_loss))) {
      record.status = RunStatus::diverged;
      record.diverged_epoch = epoch + 1;
      return;
    }
    series.train_loss.push_back(on_train.loss);
    series.train_accuracy.push_back(on_train.accuracy);
    series.test_loss.push_back(on_test.loss);
    series.test_accuracy.push_back(on_test.accuracy);
    series.lr.push_back(epoch_lr);
    if (validating) {
      series.validation_loss.push_back(metrics.validation_loss);
      series.validation_accuracy.push_back(metrics.validation_accuracy);
    }
    schedule.observe(metrics);
  }
  record.status = RunStatus::ok;
}

}  // namespace lrbench::run
