#include "run/training_state.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <variant>

#include "run/optimizer_hooks.hpp"

namespace lrbench::run {

namespace {

// Evaluation processes this many samples at a time: large enough that the
// per-call overhead vanishes, small enough to stay in L2 cache.
constexpr int kEvaluationChunk = 256;

}  // namespace

ModelTraining::ModelTraining(const scenario::RunConfig& config, const data::Samples& train, std::uint64_t seed,
                             Optimizer& optimizer)
    : batch_size(std::min(config.training.batch_size, static_cast<int>(train.num_samples()))),
      mlp(static_cast<int>(train.num_features()), config.model, std::max(batch_size, kEvaluationChunk)),
      params_buffer(static_cast<Eigen::Index>(mlp.num_parameters())),
      grads_buffer(static_cast<Eigen::Index>(mlp.num_parameters())),
      shuffle_rng(0, seed, util::Purpose::shuffle) {
  util::Rng init_rng(0, seed, util::Purpose::init);
  model::initialize<float>(mlp.layers(), params(), init_rng);
  optimizer.reset(model_layout(mlp.layers()));
}

FunctionTraining::ObjectiveGradient::ObjectiveGradient(const data::Objective& objective,
                                                       std::span<const double> step_noise, std::int64_t& evaluations)
    : objective_(objective), noise_(step_noise), evaluations_(evaluations), x_(noise_.size()), g_(noise_.size()) {}

void FunctionTraining::ObjectiveGradient::noisy_gradient(std::span<const float> weights, std::span<float> gradient) {
  for (std::size_t i = 0; i < x_.size(); ++i) x_[i] = static_cast<double>(weights[i]);
  objective_.gradient(x_, g_);
  for (std::size_t i = 0; i < x_.size(); ++i) gradient[i] = static_cast<float>(g_[i] + noise_[i]);
}

// StepContext::gradient_at for a test function: the gradient at other
// weights, with the step's own noise (the same "batch"), counted.
double FunctionTraining::ObjectiveGradient::gradient_at(std::span<const float> weights, std::span<float> gradient) {
  if (weights.size() != x_.size() || gradient.size() != x_.size()) {
    throw std::invalid_argument("gradient_at: weights and gradient must have the function's " +
                                std::to_string(x_.size()) + " dimensions");
  }
  ++evaluations_;
  noisy_gradient(weights, gradient);
  return objective_.value(x_);
}

FunctionTraining::FunctionTraining(const scenario::RunConfig& config, std::uint64_t seed, Optimizer& optimizer,
                                   std::int64_t& extra_gradients)
    : objective_(std::get<data::FunctionSpec>(config.data.source)),
      noise_(std::get<data::FunctionSpec>(config.data.source).random_state, seed, util::Purpose::shuffle),
      params_buffer_(static_cast<Eigen::Index>(objective_.dimensions())),
      grads_buffer_(static_cast<Eigen::Index>(objective_.dimensions())),
      x_(static_cast<std::size_t>(objective_.dimensions())),
      step_noise_(x_.size()),
      more_gradients_(objective_, step_noise_, extra_gradients) {
  const std::vector<double> start = objective_.start(seed);
  const std::span<float> weights = params();
  for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = static_cast<float>(start[i]);
  optimizer.reset(ParamLayout::single(weights.size()));
}

void FunctionTraining::step(Optimizer& optimizer, double lr, std::int64_t update) {
  const std::span<float> weights = params();
  const std::span<float> gradient(grads_buffer_.data(), weights.size());
  objective_.draw_noise(step_noise_, noise_);
  more_gradients_.noisy_gradient(weights, gradient);
  optimizer.step(weights, gradient, StepContext{lr, update, &more_gradients_});
}

FunctionTraining::Measure FunctionTraining::measure(std::span<const float> weights) {
  for (std::size_t i = 0; i < x_.size(); ++i) x_[i] = static_cast<double>(weights[i]);
  return Measure{objective_.value(x_) - objective_.minimum(), objective_.distance(x_)};
}

}  // namespace lrbench::run
