// The shape of an MLP, as a scenario describes it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace lrbench::model {

enum class Activation : std::uint8_t { relu, tanh, sigmoid, linear, softmax };
enum class Init : std::uint8_t { he_uniform, he_normal, glorot_uniform, glorot_normal, zeros };

[[nodiscard]] constexpr std::string_view to_string(Activation a) noexcept {
  switch (a) {
    case Activation::relu: return "relu";
    case Activation::tanh: return "tanh";
    case Activation::sigmoid: return "sigmoid";
    case Activation::linear: return "linear";
    case Activation::softmax: return "softmax";
  }
  return "?";
}

[[nodiscard]] constexpr std::string_view to_string(Init i) noexcept {
  switch (i) {
    case Init::he_uniform: return "he_uniform";
    case Init::he_normal: return "he_normal";
    case Init::glorot_uniform: return "glorot_uniform";
    case Init::glorot_normal: return "glorot_normal";
    case Init::zeros: return "zeros";
  }
  return "?";
}

// One dense layer: out = activation(W·in + b). Biases always start at zero.
struct LayerSpec {
  int units = 0;
  Activation activation = Activation::relu;
  Init init = Init::glorot_uniform;
};

// Layers after the input; the input width is the data's feature count. The
// last layer is softmax (fused with categorical cross-entropy) and has one
// unit per class.
struct ModelSpec {
  std::vector<LayerSpec> layers;
};

}  // namespace lrbench::model
