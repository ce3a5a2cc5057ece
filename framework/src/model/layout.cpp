#include "model/layout.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace lrbench::model {

std::vector<LayerLayout> layout(int inputs, const ModelSpec& spec) {
  if (inputs < 1) throw std::invalid_argument("the model needs at least one input feature");
  if (spec.layers.empty()) throw std::invalid_argument("the model needs at least one layer");
  std::vector<LayerLayout> layers;
  std::size_t offset = 0;
  int fan_in = inputs;
  for (std::size_t l = 0; l < spec.layers.size(); ++l) {
    const LayerSpec& s = spec.layers[l];
    const bool last = l + 1 == spec.layers.size();
    if (s.units < 1) throw std::invalid_argument("layer " + std::to_string(l + 1) + " needs at least one unit");
    if (last != (s.activation == Activation::softmax)) {
      throw std::invalid_argument(last ? "the last layer must be softmax (fused with cross-entropy)"
                                       : "softmax is only allowed on the last layer");
    }
    LayerLayout layer{fan_in, s.units, s.activation, s.init, offset, 0};
    offset += static_cast<std::size_t>(fan_in) * static_cast<std::size_t>(s.units);
    layer.bias_offset = offset;
    offset += static_cast<std::size_t>(s.units);
    layers.push_back(layer);
    fan_in = s.units;
  }
  return layers;
}

std::size_t parameter_count(std::span<const LayerLayout> layers) noexcept {
  return layers.empty() ? 0 : layers.back().bias_offset + static_cast<std::size_t>(layers.back().units);
}

namespace {

// The standard deviation of a unit normal truncated to [-2, 2]; Keras's
// truncated-normal initialisers divide by it to keep the intended variance.
constexpr double kTruncatedNormalStd = 0.87962566103423978;

double truncated_normal(util::Rng& rng, double stddev) {
  while (true) {
    const double z = rng.normal();
    if (z >= -2.0 && z <= 2.0) return z * stddev;
  }
}

}  // namespace

template <class Scalar>
void initialize(std::span<const LayerLayout> layers, std::span<Scalar> params, util::Rng& rng) {
  std::fill(params.begin(), params.end(), Scalar(0));
  for (const LayerLayout& layer : layers) {
    const double fan_in = layer.inputs;
    const double fan_out = layer.units;
    const std::size_t count = static_cast<std::size_t>(layer.inputs) * static_cast<std::size_t>(layer.units);
    Scalar* w = params.data() + layer.weights_offset;
    double limit = 0.0;     // uniform initialisers
    double variance = 0.0;  // truncated-normal initialisers
    switch (layer.init) {
      case Init::zeros: continue;
      case Init::he_uniform: limit = std::sqrt(6.0 / fan_in); break;
      case Init::glorot_uniform: limit = std::sqrt(6.0 / (fan_in + fan_out)); break;
      case Init::lecun_uniform: limit = std::sqrt(3.0 / fan_in); break;
      case Init::he_normal: variance = 2.0 / fan_in; break;
      case Init::glorot_normal: variance = 2.0 / (fan_in + fan_out); break;
      case Init::lecun_normal: variance = 1.0 / fan_in; break;
    }
    if (limit > 0.0) {
      for (std::size_t i = 0; i < count; ++i) w[i] = static_cast<Scalar>(rng.uniform(-limit, limit));
    } else {
      const double stddev = std::sqrt(variance) / kTruncatedNormalStd;
      for (std::size_t i = 0; i < count; ++i) w[i] = static_cast<Scalar>(truncated_normal(rng, stddev));
    }
  }
}

template void initialize<float>(std::span<const LayerLayout>, std::span<float>, util::Rng&);
template void initialize<double>(std::span<const LayerLayout>, std::span<double>, util::Rng&);

}  // namespace lrbench::model
