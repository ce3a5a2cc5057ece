// How an MLP's parameters are arranged in one flat buffer, and how a fresh
// model fills it.
//
// Layer l stores its weights as W_l, units × inputs, row-major (row u holds
// unit u's incoming weights: torch.nn.Linear's `weight`), then its bias b_l
// (units). The optimizer sees exactly this buffer.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "model/spec.hpp"
#include "util/random.hpp"

namespace lrbench::model {

struct LayerLayout {
  int inputs = 0;
  int units = 0;
  Activation activation = Activation::relu;
  Init init = Init::glorot_uniform;
  std::size_t weights_offset = 0;  // W: units × inputs, row-major
  std::size_t bias_offset = 0;     // b: units
};

// The arrangement of a ModelSpec over a flat buffer; throws
// std::invalid_argument for a spec that cannot be built (no inputs, no
// layers, units < 1, softmax anywhere but last, or a last layer that is not
// softmax).
[[nodiscard]] std::vector<LayerLayout> layout(int inputs, const ModelSpec& spec);

// The number of parameters of a layout: the last layer's bias end.
[[nodiscard]] std::size_t parameter_count(std::span<const LayerLayout> layers) noexcept;

// Fills `params` as Keras initialises a fresh model: weights by each layer's
// initialiser (spec.hpp), drawn in buffer order from `rng`, biases zero.
template <class Scalar>
void initialize(std::span<const LayerLayout> layers, std::span<Scalar> params, util::Rng& rng);

}  // namespace lrbench::model
