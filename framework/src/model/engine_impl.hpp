// The network passes (engine.hpp's Kernels), compiled once per instruction
// set by engine_<isa>.cpp, which first defines LRBENCH_MODEL_ISA (the
// namespace), LRBENCH_MATH_NAMESPACE (lrbench::math's copy for this set) and
// the register tile.
//
// One training step (networks with one thin hidden layer take the fused
// kernels of fused.hpp instead, with the same arithmetic):
//   gather   the batch's rows into the feature-major input (lanes past the
//            batch zero);
//   forward  A_l = f_l(W_l·A_{l−1} + b_l) per layer (kernels.hpp: affine);
//   loss     softmax cross-entropy on the last layer's logits, which gives
//            delta_L = ∂(mean loss)/∂Z_L (softmax.hpp);
//   backward per layer from the last: dW_l = delta_l·A_{l−1}ᵀ and
//            db_l = Σ delta_l over the batch (kernels.hpp, fixed order), then
//            delta_{l−1} = (W_lᵀ·delta_l) ⊙ f'_{l−1} (affine over Wᵀ).
#pragma once

#include <cstdint>

#include "model/activations.hpp"
#include "model/engine.hpp"
#include "model/fused.hpp"
#include "model/gather.hpp"
#include "model/kernels.hpp"
#include "model/simd.hpp"
#include "model/softmax.hpp"

namespace lrbench::model::LRBENCH_MODEL_ISA {

template <class S, Activation F>
inline void forward_layer(const LayerShape& layer, const S* params, const S* in, Workspace<S>& ws, S* out, S* pre,
                          int vecs) noexcept {
  using V = vec_t<S>;
  const long stride = ws.stride;
  const Weights<S> w{params + layer.weights_offset, layer.inputs, 1};
  affine(w, params + layer.bias_offset, in, stride, layer.inputs, layer.units, vecs, [&](int u, int v, V z) {
    if constexpr (needs_pre_activation(F)) store(pre + u * stride + v * kLanes, z);
    store(out + u * stride + v * kLanes, activate<F>(z));
  });
}

template <class S>
inline void forward_pass(const LayerShape* layers, int n_layers, const S* params, Workspace<S>& ws, int vecs) noexcept {
  for (int l = 0; l < n_layers; ++l) {
    const LayerShape& layer = layers[l];
    const S* in = l == 0 ? ws.input : ws.outputs[l - 1];
    S* out = ws.outputs[l];
    S* pre = ws.pre_activations[l];
    switch (layer.activation) {
      case Activation::relu: forward_layer<S, Activation::relu>(layer, params, in, ws, out, pre, vecs); break;
      case Activation::tanh: forward_layer<S, Activation::tanh>(layer, params, in, ws, out, pre, vecs); break;
      case Activation::sigmoid: forward_layer<S, Activation::sigmoid>(layer, params, in, ws, out, pre, vecs); break;
      case Activation::leaky_relu:
        forward_layer<S, Activation::leaky_relu>(layer, params, in, ws, out, pre, vecs);
        break;
      case Activation::gelu: forward_layer<S, Activation::gelu>(layer, params, in, ws, out, pre, vecs); break;
      case Activation::linear:
      case Activation::softmax:  // logits: softmax is fused into the loss
        forward_layer<S, Activation::linear>(layer, params, in, ws, out, pre, vecs);
        break;
    }
  }
}

// delta_prev = (W_lᵀ·delta) ⊙ f'(layer below), for the layer below's activation F.
template <class S, Activation F>
inline void backward_layer(const LayerShape& layer, const S* params, Workspace<S>& ws, const S* below_out,
                           const S* below_pre, int vecs) noexcept {
  using V = vec_t<S>;
  const long stride = ws.stride;
  const Weights<S> wt{params + layer.weights_offset, 1, layer.inputs};  // w(k, u) = W[u][k]
  S* out = ws.delta_prev;
  affine(wt, static_cast<const S*>(nullptr), ws.delta, stride, layer.units, layer.inputs, vecs, [&](int k, int v, V d) {
    const long at = k * stride + v * kLanes;
    const V a = load<V>(below_out + at);
    const V z = needs_pre_activation(F) ? load<V>(below_pre + at) : V{};
    store(out + at, times_derivative<F>(d, a, z));
  });
}

template <class S>
inline void backward_pass(const LayerShape* layers, int n_layers, const S* params, Workspace<S>& ws, int vecs,
                          S* grad) noexcept {
  const long stride = ws.stride;
  for (int l = n_layers - 1; l >= 0; --l) {
    const LayerShape& layer = layers[l];
    const S* in = l == 0 ? ws.input : ws.outputs[l - 1];
    weight_gradient(ws.delta, in, stride, layer.units, layer.inputs, vecs, grad + layer.weights_offset);
    bias_gradient(ws.delta, stride, layer.units, vecs, grad + layer.bias_offset);
    if (l == 0) break;
    const S* below_out = ws.outputs[l - 1];
    const S* below_pre = ws.pre_activations[l - 1];
    switch (layers[l - 1].activation) {
      case Activation::relu: backward_layer<S, Activation::relu>(layer, params, ws, below_out, below_pre, vecs); break;
      case Activation::tanh: backward_layer<S, Activation::tanh>(layer, params, ws, below_out, below_pre, vecs); break;
      case Activation::sigmoid:
        backward_layer<S, Activation::sigmoid>(layer, params, ws, below_out, below_pre, vecs);
        break;
      case Activation::leaky_relu:
        backward_layer<S, Activation::leaky_relu>(layer, params, ws, below_out, below_pre, vecs);
        break;
      case Activation::gelu: backward_layer<S, Activation::gelu>(layer, params, ws, below_out, below_pre, vecs); break;
      case Activation::linear:
      case Activation::softmax:
        backward_layer<S, Activation::linear>(layer, params, ws, below_out, below_pre, vecs);
        break;
    }
    S* swap = ws.delta;
    ws.delta = ws.delta_prev;
    ws.delta_prev = swap;
  }
}

// Networks with one thin hidden layer take the fused kernels (fused.hpp),
// in float only: double models (the gradient checks) take the layer-by-layer
// passes, which compute the same arithmetic, and every fused instantiation
// (inputs × classes × activation) costs compile time in each ISA's unit.
template <class S>
S train(const LayerShape* layers, int n_layers, const S* params, const BatchSource<S>& batch, Workspace<S>& ws,
        S* grad) {
  if constexpr (sizeof(S) == 4) {
    if (fusable(layers, n_layers)) return fused_kernels<S>(layers).train(layers, params, batch, ws, grad);
  }
  const int vecs = gather(batch, ws);
  forward_pass(layers, n_layers, params, ws, vecs);
  const LayerShape& last = layers[n_layers - 1];
  const S loss = softmax_cross_entropy_train(ws.outputs[n_layers - 1], ws.stride, last.units, ws.labels, batch.count,
                                             vecs, ws.delta);
  S* const delta = ws.delta;
  S* const delta_prev = ws.delta_prev;
  backward_pass(layers, n_layers, params, ws, vecs, grad);
  ws.delta = delta;  // the swaps leave them either way round
  ws.delta_prev = delta_prev;
  return loss;
}

template <class S>
void evaluate(const LayerShape* layers, int n_layers, const S* params, const BatchSource<S>& batch, Workspace<S>& ws,
              EvaluationSums& sums) {
  if constexpr (sizeof(S) == 4) {
    if (fusable(layers, n_layers)) return fused_kernels<S>(layers).evaluate(layers, params, batch, ws, sums);
  }
  const int vecs = gather(batch, ws);
  forward_pass(layers, n_layers, params, ws, vecs);
  softmax_cross_entropy_evaluate(ws.outputs[n_layers - 1], ws.stride, layers[n_layers - 1].units, ws.labels,
                                 batch.count, vecs, sums);
}

template <class S>
void forward(const LayerShape* layers, int n_layers, const S* params, const BatchSource<S>& batch, Workspace<S>& ws) {
  if constexpr (sizeof(S) == 4) {
    if (fusable(layers, n_layers)) return fused_kernels<S>(layers).forward(layers, params, batch, ws);
  }
  const int vecs = gather(batch, ws);
  forward_pass(layers, n_layers, params, ws, vecs);
}

// kPeakChains independent chains x = x·m + a, each a multiply then a
// dependent add, enough of them to hide the latency of both: the rate is then
// the multiply and add pipes' throughput.
template <class S>
std::int64_t peak(std::int64_t iterations, S* checksum) {
  using V = vec_t<S>;
  constexpr int chains = LRBENCH_PEAK_CHAINS;
  V x[chains];
  for (int c = 0; c < chains; ++c) x[c] = broadcast<V>(S(1) + S(c) * S(0.001));
  const V m = broadcast<V>(S(0.999999));
  const V a = broadcast<V>(S(1e-7));
  for (std::int64_t i = 0; i < iterations; ++i) {
    for (int c = 0; c < chains; ++c) x[c] = x[c] * m + a;
  }
  V total = x[0];
  for (int c = 1; c < chains; ++c) total = total + x[c];
  *checksum = reduce(total);
  return iterations * chains * kLanes * 2;
}

template <class S>
inline constexpr Kernels<S> kernels{&train<S>, &evaluate<S>, &forward<S>, &peak<S>};

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
