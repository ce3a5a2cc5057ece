// The state a run trains, set up in one place: the trainers (trainer.cpp,
// function_trainer.cpp) and lr-find (comparison/lr_find.cpp), which must start
// exactly as a run with the same seed does and feed the optimizer the same
// gradients.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "data/dataset.hpp"
#include "data/functions.hpp"
#include "lrbench/optimizer.hpp"
#include "model/mlp.hpp"
#include "scenario/scenario.hpp"
#include "util/random.hpp"

namespace lrbench::run {

// A model run at its start: the network (sized for min(batch_size, samples)
// rows), its parameters initialised from the run's own seed, the gradient
// buffer, the stream that shuffles the training rows, and the optimizer reset
// to the network's layout.
//
// The run's own seed, not the data's: two runs that differ only in the data
// share their initialisation and batch order. The buffers are Eigen vectors,
// not std::vector: SIMD-aligned, so every optimizer sees buffers that start
// at the same alignment in every run (vectorised and scalar code paths may
// round differently; which elements take which must not depend on where the
// heap put the buffer).
struct ModelTraining {
  ModelTraining(const scenario::RunConfig& config, const data::Samples& train, std::uint64_t seed,
                Optimizer& optimizer);
  ModelTraining(const ModelTraining&) = delete;
  ModelTraining& operator=(const ModelTraining&) = delete;

  [[nodiscard]] std::span<float> params() noexcept { return {params_buffer.data(), mlp.num_parameters()}; }
  [[nodiscard]] std::span<float> grads() noexcept { return {grads_buffer.data(), mlp.num_parameters()}; }

  int batch_size;
  model::Mlp<float> mlp;
  Eigen::VectorXf params_buffer;
  Eigen::VectorXf grads_buffer;
  util::Rng shuffle_rng;
};

// A test-function run at its start: the weights at the objective's start for
// this seed (float32), the optimizer reset to one tensor of d weights, and
// the gradient it steps on.
class FunctionTraining {
 public:
  // `extra_gradients` counts the optimizer's StepContext::gradient_at calls.
  FunctionTraining(const scenario::RunConfig& config, std::uint64_t seed, Optimizer& optimizer,
                   std::int64_t& extra_gradients);
  FunctionTraining(const FunctionTraining&) = delete;
  FunctionTraining& operator=(const FunctionTraining&) = delete;

  [[nodiscard]] std::span<float> params() noexcept {
    return {params_buffer_.data(), static_cast<std::size_t>(params_buffer_.size())};
  }

  // One update: the gradient at the current weights plus this step's noise
  // (drawn here, from the run's noise stream), then optimizer.step at `lr`.
  // f and its gradient are computed in double at the float32 point.
  void step(Optimizer& optimizer, double lr, std::int64_t update);

  // f(w) − f* and ‖w − w*‖₂ at `weights`.
  struct Measure {
    double gap;
    double distance;
  };
  [[nodiscard]] Measure measure(std::span<const float> weights);

 private:
  // The step's gradient at any weights: ∇f in double at the float32 point
  // plus the step's noise, rounded to float32. gradient_at (an optimizer's
  // extra evaluation) also counts the call and returns f.
  class ObjectiveGradient final : public GradientSource {
   public:
    ObjectiveGradient(const data::Objective& objective, std::span<const double> step_noise,
                      std::int64_t& evaluations);
    void noisy_gradient(std::span<const float> weights, std::span<float> gradient);
    double gradient_at(std::span<const float> weights, std::span<float> gradient) override;

   private:
    const data::Objective& objective_;
    std::span<const double> noise_;
    std::int64_t& evaluations_;
    std::vector<double> x_;
    std::vector<double> g_;
  };

  data::Objective objective_;
  util::Rng noise_;
  Eigen::VectorXf params_buffer_;
  Eigen::VectorXf grads_buffer_;
  std::vector<double> x_;  // measure()'s weights in double
  std::vector<double> step_noise_;
  ObjectiveGradient more_gradients_;
};

}  // namespace lrbench::run
