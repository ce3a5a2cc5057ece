#include "run/optimizer_hooks.hpp"

#include <stdexcept>
#include <string>

namespace lrbench::run {

ParamLayout model_layout(std::span<const model::LayerLayout> layers) {
  ParamLayout layout;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const model::LayerLayout& layer = layers[l];
    const std::string prefix = "layer" + std::to_string(l + 1);
    if (layer.weights_offset != layout.size()) throw std::logic_error(prefix + ".weight is not where the layout puts it");
    layout.add_matrix(prefix + ".weight", static_cast<std::size_t>(layer.units), static_cast<std::size_t>(layer.inputs),
                      TensorRole::weight);
    if (layer.bias_offset != layout.size()) throw std::logic_error(prefix + ".bias is not where the layout puts it");
    layout.add_vector(prefix + ".bias", static_cast<std::size_t>(layer.units), TensorRole::bias);
  }
  return layout;
}

std::span<const float> evaluation_weights(Optimizer& optimizer, std::span<const float> weights) {
  const std::span<const float> evaluated = optimizer.evaluation_weights(weights);
  if (evaluated.size() != weights.size() || evaluated.data() == nullptr) {
    throw std::runtime_error("the optimizer's evaluation weights have " + std::to_string(evaluated.size()) +
                             " values; the model has " + std::to_string(weights.size()));
  }
  return evaluated;
}

double BatchGradient::gradient_at(std::span<const float> weights, std::span<float> gradient) {
  if (weights.size() != mlp_.num_parameters() || gradient.size() != mlp_.num_parameters()) {
    throw std::invalid_argument("gradient_at: weights and gradient must have the model's " +
                                std::to_string(mlp_.num_parameters()) + " parameters");
  }
  ++evaluations_;
  return static_cast<double>(mlp_.loss_and_gradient(weights, x_, y_, gradient));
}

}  // namespace lrbench::run
