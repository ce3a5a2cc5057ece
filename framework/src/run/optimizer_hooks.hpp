// What the trainer hands an SDK 2 optimizer beyond the flat buffers: the
// model's parameter layout at reset, and the gradient of the step's batch at
// other weights (StepContext::gradient_at), counted.
#pragma once

#include <cstdint>
#include <span>

#include "lrbench/optimizer.hpp"
#include "model/mlp.hpp"

namespace lrbench::run {

// The MLP's parameters as tensors, in buffer order: for each layer l (from
// 1) "layerl.weight", the matrix [units, inputs] (PyTorch's Linear.weight
// [out_features, in_features], row-major: the MLP's Wt stored column-major
// is exactly that), role weight; then "layerl.bias", the vector [units],
// role bias. Throws std::logic_error if the layers are not contiguous in that
// order (the layout would not describe the buffer).
[[nodiscard]] ParamLayout model_layout(std::span<const model::LayerLayout> layers);

// optimizer.evaluation_weights(weights), checked: throws std::runtime_error
// when the plugin answers a span of another size than the model's.
[[nodiscard]] std::span<const float> evaluation_weights(Optimizer& optimizer, std::span<const float> weights);

// The loss gradient of one minibatch at any weights: the model rerun on the
// step's samples (the rows `rows` of x, labels y[rows[i]]). Each call adds
// one to `evaluations`.
class BatchGradient final : public GradientSource {
 public:
  BatchGradient(model::Mlp<float>& mlp, model::Mlp<float>::Samples x, std::span<const std::int32_t> y,
                std::span<const std::int32_t> rows, std::int64_t& evaluations)
      : mlp_(mlp), x_(x), y_(y), rows_(rows), evaluations_(evaluations) {}

  double gradient_at(std::span<const float> weights, std::span<float> gradient) override;

 private:
  model::Mlp<float>& mlp_;
  model::Mlp<float>::Samples x_;
  std::span<const std::int32_t> y_;
  std::span<const std::int32_t> rows_;
  std::int64_t& evaluations_;
};

}  // namespace lrbench::run
