// Fused kernels for thin networks with one hidden layer (inputs → H → C,
// inputs and C at most 4: the seed study's 2 → 50 → 3 and the 2-D tasks).
//
// The layer-by-layer passes (engine_impl.hpp) write every hidden activation
// to memory and read it back; here each hidden unit's activations stay in
// registers while they feed the logits (forward) and the gradients
// (backward). The arithmetic is exactly the layer-by-layer one (kernels.hpp):
// each logit accumulates its hidden units in order starting from its bias,
// each lower delta its logits' terms in class order, and every gradient sums
// the batch in 16 lanes then the fixed tree. Only the order in which
// independent results are computed changes, so the bits do not.
#pragma once

#include <cstdint>

#include "model/activations.hpp"
#include "model/engine.hpp"
#include "model/gather.hpp"
#include "model/kernels.hpp"
#include "model/simd.hpp"
#include "model/softmax.hpp"

#ifndef LRBENCH_FUSED_VECTORS
#error "engine_<isa>.cpp sets how many lane vectors the fused kernels keep in registers (LRBENCH_FUSED_VECTORS)"
#endif

namespace lrbench::model::LRBENCH_MODEL_ISA {

inline constexpr int kFusedVectors = LRBENCH_FUSED_VECTORS;
inline constexpr int kFusedMaxInputs = 4;
inline constexpr int kFusedMaxClasses = 4;

[[nodiscard]] inline bool fusable(const LayerShape* layers, int n_layers) noexcept {
  return n_layers == 2 && layers[0].inputs <= kFusedMaxInputs && layers[1].units <= kFusedMaxClasses &&
         layers[1].units >= 2;
}

// Logits for NV lane vectors from v0: z[c] = b2[c] + Σ_o W2[c][o]·f(b1[o] + Σ_k W1[o][k]·x[k]).
// With Store, the hidden activations (and z for gelu) go to ws for the backward pass.
template <int K, int C, Activation F, int NV, bool Store, class S>
[[gnu::always_inline]] inline void fused_forward_group(const LayerShape* layers, const S* p, Workspace<S>& ws,
                                                       int v0) noexcept {
  using V = vec_t<S>;
  const long stride = ws.stride;
  const int hidden = layers[0].units;
  const S* w1 = p + layers[0].weights_offset;
  const S* b1 = p + layers[0].bias_offset;
  const S* w2 = p + layers[1].weights_offset;
  const S* b2 = p + layers[1].bias_offset;
  V x[K][NV];
  for (int k = 0; k < K; ++k) {
    for (int n = 0; n < NV; ++n) x[k][n] = load<V>(ws.input + k * stride + (v0 + n) * kLanes);
  }
  V z[C][NV];
  for (int c = 0; c < C; ++c) {
    const V b = broadcast<V>(b2[c]);
    for (int n = 0; n < NV; ++n) z[c][n] = b;
  }
  S* a1 = ws.outputs[0];
  S* z1 = ws.pre_activations[0];
  for (int o = 0; o < hidden; ++o) {
    V h[NV];
    const V bias = broadcast<V>(b1[o]);
    for (int n = 0; n < NV; ++n) h[n] = bias;
    for (int k = 0; k < K; ++k) {
      const V w = broadcast<V>(w1[o * K + k]);
      for (int n = 0; n < NV; ++n) h[n] = h[n] + w * x[k][n];
    }
    for (int n = 0; n < NV; ++n) {
      if constexpr (Store && needs_pre_activation(F)) store(z1 + o * stride + (v0 + n) * kLanes, h[n]);
      h[n] = activate<F>(h[n]);
      if constexpr (Store) store(a1 + o * stride + (v0 + n) * kLanes, h[n]);
    }
    for (int c = 0; c < C; ++c) {
      const V w = broadcast<V>(w2[c * hidden + o]);
      for (int n = 0; n < NV; ++n) z[c][n] = z[c][n] + w * h[n];
    }
  }
  S* logits = ws.outputs[1];
  for (int c = 0; c < C; ++c) {
    for (int n = 0; n < NV; ++n) store(logits + c * stride + (v0 + n) * kLanes, z[c][n]);
  }
}

// Lane vectors [v, vecs) in groups of NV, the rest in halves of that.
template <int K, int C, Activation F, bool Store, int NV = kFusedVectors, class S>
inline void fused_forward(const LayerShape* layers, const S* p, Workspace<S>& ws, int v, int vecs) noexcept {
  for (; v + NV <= vecs; v += NV) fused_forward_group<K, C, F, NV, Store>(layers, p, ws, v);
  if constexpr (NV > 1) {
    if (v < vecs) fused_forward<K, C, F, Store, NV / 2>(layers, p, ws, v, vecs);
  }
}

// The gradients, from delta = ∂loss/∂logits (C rows) and the stored hidden
// activations. Per hidden unit o, over the batch's vectors m in order:
//   dW2[c][o] lanes += delta_c·h_o,   delta1 = (Σ_c W2[c][o]·delta_c) ⊙ f'(h_o),
//   dW1[o][k] lanes += delta1·x_k,    db1[o] lanes += delta1.
// Up to four batch vectors of delta and x stay in registers while every
// unit goes by; each unit's lane sums are parked in ws.scratch (rows: dW2's
// C classes, dW1's K inputs, db1; one lane vector per unit), the next
// chunk of the batch continuing from them, and at the end every 16 units'
// sums of a row are reduced together (reduce16).

// Park slot of row r, unit o (units padded to a multiple of 16).
[[gnu::always_inline]] inline long park_slot(int r, int o, int hidden_padded) noexcept {
  return (static_cast<long>(r) * hidden_padded + o) * kLanes;
}

template <int K, int C, Activation F, int VB, class S>
inline void fused_backward_chunk(const LayerShape* layers, const S* p, const Workspace<S>& ws, int m0,
                                 int hidden_padded) noexcept {
  using V = vec_t<S>;
  const long stride = ws.stride;
  const int hidden = layers[0].units;
  const S* w2 = p + layers[1].weights_offset;
  const S* a1 = ws.outputs[0];
  const S* z1 = ws.pre_activations[0];
  S* park = ws.scratch;
  V d[C][VB];
  V x[K][VB];
  for (int n = 0; n < VB; ++n) {
    for (int c = 0; c < C; ++c) d[c][n] = load<V>(ws.delta + c * stride + (m0 + n) * kLanes);
    for (int k = 0; k < K; ++k) x[k][n] = load<V>(ws.input + k * stride + (m0 + n) * kLanes);
  }
  for (int o = 0; o < hidden; ++o) {
    V w[C];
    for (int c = 0; c < C; ++c) w[c] = broadcast<V>(w2[c * hidden + o]);
    V g2[C];
    V g1[K];
    V gb;
    for (int n = 0; n < VB; ++n) {
      const long at = (m0 + n) * kLanes;
      const V h = load<V>(a1 + o * stride + at);
      V back = w[0] * d[0][n];
      for (int c = 1; c < C; ++c) back = back + w[c] * d[c][n];
      const V z = needs_pre_activation(F) ? load<V>(z1 + o * stride + at) : V{};
      const V d1 = times_derivative<F>(back, h, z);
      if (n == 0) {
        if (m0 == 0) {
          for (int c = 0; c < C; ++c) g2[c] = d[c][0] * h;
          for (int k = 0; k < K; ++k) g1[k] = d1 * x[k][0];
          gb = d1;
          continue;
        }
        for (int c = 0; c < C; ++c) g2[c] = load<V>(park + park_slot(c, o, hidden_padded));
        for (int k = 0; k < K; ++k) g1[k] = load<V>(park + park_slot(C + k, o, hidden_padded));
        gb = load<V>(park + park_slot(C + K, o, hidden_padded));
      }
      for (int c = 0; c < C; ++c) g2[c] = g2[c] + d[c][n] * h;
      for (int k = 0; k < K; ++k) g1[k] = g1[k] + d1 * x[k][n];
      gb = gb + d1;
    }
    for (int c = 0; c < C; ++c) store(park + park_slot(c, o, hidden_padded), g2[c]);
    for (int k = 0; k < K; ++k) store(park + park_slot(C + k, o, hidden_padded), g1[k]);
    store(park + park_slot(C + K, o, hidden_padded), gb);
  }
}

// Row r's parked sums of units [o0, o0 + block) reduced, to dest[s·step].
template <class S>
[[gnu::always_inline]] inline void reduce_parked(const S* park, int r, int o0, int block, int hidden_padded, S* dest,
                                                 long step) noexcept {
  using V = vec_t<S>;
  S sums[kLanes];
  if (block == 16) {  // one shared tree
    V lanes[16];
    for (int s = 0; s < 16; ++s) lanes[s] = load<V>(park + park_slot(r, o0 + s, hidden_padded));
    if (step == 1) {
      store(dest, reduce16(lanes));
      return;
    }
    store(sums, reduce16(lanes));
  } else if (block >= 8) {  // one shared tree, the unused slots zero
    V lanes[16];
    for (int s = 0; s < 16; ++s) lanes[s] = s < block ? load<V>(park + park_slot(r, o0 + s, hidden_padded)) : V{};
    store(sums, reduce16(lanes));
  } else {  // a few units: one tree each is cheaper
    for (int s = 0; s < block; ++s) sums[s] = reduce(load<V>(park + park_slot(r, o0 + s, hidden_padded)));
  }
  for (int s = 0; s < block; ++s) dest[s * step] = sums[s];
}

template <int K, int C, Activation F, class S>
inline void fused_backward(const LayerShape* layers, const S* p, Workspace<S>& ws, int vecs, S* grad) noexcept {
  const int hidden = layers[0].units;
  const int hidden_padded = (hidden + 15) / 16 * 16;
  bias_gradient(ws.delta, ws.stride, C, vecs, grad + layers[1].bias_offset);
  for (int m0 = 0; m0 < vecs; m0 += 4) {
    switch (vecs - m0 < 4 ? vecs - m0 : 4) {
      case 1: fused_backward_chunk<K, C, F, 1>(layers, p, ws, m0, hidden_padded); break;
      case 2: fused_backward_chunk<K, C, F, 2>(layers, p, ws, m0, hidden_padded); break;
      case 3: fused_backward_chunk<K, C, F, 3>(layers, p, ws, m0, hidden_padded); break;
      default: fused_backward_chunk<K, C, F, 4>(layers, p, ws, m0, hidden_padded); break;
    }
  }
  S* dw1 = grad + layers[0].weights_offset;
  S* db1 = grad + layers[0].bias_offset;
  S* dw2 = grad + layers[1].weights_offset;
  for (int o0 = 0; o0 < hidden; o0 += 16) {
    const int block = hidden - o0 < 16 ? hidden - o0 : 16;
    for (int c = 0; c < C; ++c) reduce_parked(ws.scratch, c, o0, block, hidden_padded, dw2 + c * hidden + o0, 1);
    for (int k = 0; k < K; ++k) reduce_parked(ws.scratch, C + k, o0, block, hidden_padded, dw1 + o0 * K + k, K);
    reduce_parked(ws.scratch, C + K, o0, block, hidden_padded, db1 + o0, 1);
  }
}

template <int K, int C, Activation F, class S>
S fused_train(const LayerShape* layers, const S* p, const BatchSource<S>& batch, Workspace<S>& ws, S* grad) {
  const int vecs = gather(batch, ws);
  fused_forward<K, C, F, true>(layers, p, ws, 0, vecs);
  const S loss = softmax_cross_entropy_train(ws.outputs[1], ws.stride, C, ws.labels, batch.count, vecs, ws.delta);
  fused_backward<K, C, F>(layers, p, ws, vecs, grad);
  return loss;
}

template <int K, int C, Activation F, class S>
void fused_forward_only(const LayerShape* layers, const S* p, const BatchSource<S>& batch, Workspace<S>& ws) {
  fused_forward<K, C, F, true>(layers, p, ws, 0, gather(batch, ws));
}

template <int K, int C, Activation F, class S>
void fused_evaluate(const LayerShape* layers, const S* p, const BatchSource<S>& batch, Workspace<S>& ws,
                    EvaluationSums& sums) {
  const int vecs = gather(batch, ws);
  fused_forward<K, C, F, false>(layers, p, ws, 0, vecs);
  softmax_cross_entropy_evaluate(ws.outputs[1], ws.stride, C, ws.labels, batch.count, vecs, sums);
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA

namespace lrbench::model::LRBENCH_MODEL_ISA {

// The fused kernel for a fusable network (inputs K, classes C, hidden
// activation F), chosen once per call from the shapes.
template <class S>
using TrainFn = S (*)(const LayerShape*, const S*, const BatchSource<S>&, Workspace<S>&, S*);
template <class S>
using EvaluateFn = void (*)(const LayerShape*, const S*, const BatchSource<S>&, Workspace<S>&, EvaluationSums&);

template <class S>
using ForwardFn = void (*)(const LayerShape*, const S*, const BatchSource<S>&, Workspace<S>&);

template <class S>
struct FusedPair {
  TrainFn<S> train;
  EvaluateFn<S> evaluate;
  ForwardFn<S> forward;
};

template <class S, int K, int C>
FusedPair<S> fused_for_activation(Activation f) noexcept {
  switch (f) {
    case Activation::relu: return {&fused_train<K, C, Activation::relu, S>, &fused_evaluate<K, C, Activation::relu, S>, &fused_forward_only<K, C, Activation::relu, S>};
    case Activation::tanh: return {&fused_train<K, C, Activation::tanh, S>, &fused_evaluate<K, C, Activation::tanh, S>, &fused_forward_only<K, C, Activation::tanh, S>};
    case Activation::sigmoid:
      return {&fused_train<K, C, Activation::sigmoid, S>, &fused_evaluate<K, C, Activation::sigmoid, S>, &fused_forward_only<K, C, Activation::sigmoid, S>};
    case Activation::leaky_relu:
      return {&fused_train<K, C, Activation::leaky_relu, S>, &fused_evaluate<K, C, Activation::leaky_relu, S>, &fused_forward_only<K, C, Activation::leaky_relu, S>};
    case Activation::gelu: return {&fused_train<K, C, Activation::gelu, S>, &fused_evaluate<K, C, Activation::gelu, S>, &fused_forward_only<K, C, Activation::gelu, S>};
    case Activation::linear:
    case Activation::softmax:
      return {&fused_train<K, C, Activation::linear, S>, &fused_evaluate<K, C, Activation::linear, S>, &fused_forward_only<K, C, Activation::linear, S>};
  }
  return {nullptr, nullptr, nullptr};
}

template <class S, int K>
FusedPair<S> fused_for_classes(int classes, Activation f) noexcept {
  switch (classes) {
    case 2: return fused_for_activation<S, K, 2>(f);
    case 3: return fused_for_activation<S, K, 3>(f);
    default: return fused_for_activation<S, K, 4>(f);
  }
}

// Only for fusable(layers, 2).
template <class S>
FusedPair<S> fused_kernels(const LayerShape* layers) noexcept {
  const int classes = layers[1].units;
  const Activation f = layers[0].activation;
  switch (layers[0].inputs) {
    case 1: return fused_for_classes<S, 1>(classes, f);
    case 2: return fused_for_classes<S, 2>(classes, f);
    case 3: return fused_for_classes<S, 3>(classes, f);
    default: return fused_for_classes<S, 4>(classes, f);
  }
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
