// The shape of an MLP, as a scenario describes it, and the names scenarios
// use for its activations and initialisers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "util/names.hpp"

namespace lrbench::model {

// Activations, f(z) per unit:
//   relu        max(z, 0)
//   tanh        tanh(z)
//   sigmoid     1 / (1 + exp(−z))
//   linear      z
//   softmax     the last layer only, fused with categorical cross-entropy
//   leaky_relu  z for z > 0, 0.01·z otherwise (torch.nn.LeakyReLU's default slope)
//   gelu        z·Φ(z) = z·(1 + erf(z/√2))/2, the exact form (torch.nn.GELU's default)
// The values are the indices into activation_names (new names go last).
enum class Activation : std::uint8_t { relu, tanh, sigmoid, linear, softmax, leaky_relu, gelu };

// Weight initialisers, as Keras names them (fan_in = the layer's inputs,
// fan_out = its units); biases always start at zero:
//   he_uniform      U(−l, l), l = √(6 / fan_in)
//   he_normal       truncated normal, s = √(2 / fan_in) / 0.8796…
//   glorot_uniform  U(−l, l), l = √(6 / (fan_in + fan_out))
//   glorot_normal   truncated normal, s = √(2 / (fan_in + fan_out)) / 0.8796…
//   zeros           0
//   lecun_uniform   U(−l, l), l = √(3 / fan_in)
//   lecun_normal    truncated normal, s = √(1 / fan_in) / 0.8796…
// (truncated at ±2s before the division; 0.8796… is the standard deviation
// of a unit normal truncated to [−2, 2], which Keras divides by so the
// truncated draw keeps the intended variance.)
enum class Init : std::uint8_t {
  he_uniform, he_normal, glorot_uniform, glorot_normal, zeros, lecun_uniform, lecun_normal
};

// The words a scenario uses for them (scenario/, runs.jsonl), in one table each.
inline constexpr util::NameTable<Activation, 7> kActivationNames{{{
    {Activation::relu, "relu"},
    {Activation::tanh, "tanh"},
    {Activation::sigmoid, "sigmoid"},
    {Activation::linear, "linear"},
    {Activation::softmax, "softmax"},
    {Activation::leaky_relu, "leaky_relu"},
    {Activation::gelu, "gelu"},
}}};
inline constexpr util::NameTable<Init, 7> kInitNames{{{
    {Init::he_uniform, "he_uniform"},
    {Init::he_normal, "he_normal"},
    {Init::glorot_uniform, "glorot_uniform"},
    {Init::glorot_normal, "glorot_normal"},
    {Init::zeros, "zeros"},
    {Init::lecun_uniform, "lecun_uniform"},
    {Init::lecun_normal, "lecun_normal"},
}}};

[[nodiscard]] constexpr std::string_view to_string(Activation a) noexcept { return kActivationNames.name(a); }
[[nodiscard]] constexpr std::string_view to_string(Init i) noexcept { return kInitNames.name(i); }
[[nodiscard]] constexpr std::optional<Activation> activation_from_string(std::string_view name) noexcept {
  return kActivationNames.parse(name);
}
[[nodiscard]] constexpr std::optional<Init> init_from_string(std::string_view name) noexcept {
  return kInitNames.parse(name);
}

// One dense layer: out = activation(W·in + b). Biases always start at zero.
struct LayerSpec {
  int units = 0;
  Activation activation = Activation::relu;
  Init init = Init::glorot_uniform;
};

// Layers after the input, any number of them; the input width is the data's
// feature count. The last layer is softmax (fused with categorical
// cross-entropy) and has one unit per class.
struct ModelSpec {
  std::vector<LayerSpec> layers;
};

}  // namespace lrbench::model
