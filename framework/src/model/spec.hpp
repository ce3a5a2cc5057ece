// The shape of an MLP, as a scenario describes it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "util/names.hpp"

namespace lrbench::model {

enum class Activation : std::uint8_t { relu, tanh, sigmoid, linear, softmax };
enum class Init : std::uint8_t { he_uniform, he_normal, glorot_uniform, glorot_normal, zeros };

// The words a scenario uses for them (scenario/, runs.jsonl), in one table each.
inline constexpr util::NameTable<Activation, 5> kActivationNames{{{
    {Activation::relu, "relu"},
    {Activation::tanh, "tanh"},
    {Activation::sigmoid, "sigmoid"},
    {Activation::linear, "linear"},
    {Activation::softmax, "softmax"},
}}};
inline constexpr util::NameTable<Init, 5> kInitNames{{{
    {Init::he_uniform, "he_uniform"},
    {Init::he_normal, "he_normal"},
    {Init::glorot_uniform, "glorot_uniform"},
    {Init::glorot_normal, "glorot_normal"},
    {Init::zeros, "zeros"},
}}};

[[nodiscard]] constexpr std::string_view to_string(Activation a) noexcept { return kActivationNames.name(a); }
[[nodiscard]] constexpr std::string_view to_string(Init i) noexcept { return kInitNames.name(i); }

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
