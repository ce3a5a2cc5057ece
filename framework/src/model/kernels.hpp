// The dense-layer kernels, on feature-major rows of lane vectors (engine.hpp).
//
//   affine           out[u][·] = E(bias[u] + Σ_k w(u, k)·in[k][·])
//                    (forward: w(u, k) = W[u][k]; backward to the inputs:
//                    the same kernel over Wᵀ, without bias). Each output
//                    accumulates its k terms one after another, in k order,
//                    starting from the bias (or from the first term), in
//                    its own lane: the physical vector width cannot change it.
//   weight_gradient  dW[u][k] = Σ_j delta[u][j]·in[k][j] over the batch:
//                    lane i sums the terms of samples i, i + 16, ... in
//                    order, starting from the first, then the lanes are
//                    added in the fixed tree of simd.hpp (16 outputs share
//                    one tree, reduce16).
//   bias_gradient    db[u] = Σ_j delta[u][j], the same order.
//
// Register tiles (kTileUnits × kTileVectors accumulators) are chosen per
// instruction set (engine_<isa>.cpp) and change only the speed.
#pragma once

#include "model/simd.hpp"

#ifndef LRBENCH_TILE_UNITS
#error "engine_<isa>.cpp sets the register tile (LRBENCH_TILE_UNITS, LRBENCH_TILE_VECTORS)"
#endif

namespace lrbench::model::LRBENCH_MODEL_ISA {

inline constexpr int kTileUnits = LRBENCH_TILE_UNITS;
inline constexpr int kTileVectors = LRBENCH_TILE_VECTORS;

// Where w(u, k) is: w[u·unit_step + k·input_step].
template <class S>
struct Weights {
  const S* w;
  long unit_step;
  long input_step;
  [[gnu::always_inline]] S at(int u, int k) const noexcept { return w[u * unit_step + k * input_step]; }
};

// One register tile: MU outputs × NV lane vectors. K > 0 fixes the number of
// inputs at compile time (the loop unrolls: a 2-input layer is mostly loop
// overhead otherwise).
template <int MU, int NV, int K, class S, class Epilogue>
[[gnu::always_inline]] inline void affine_tile(const Weights<S>& w, const S* bias, const S* in, long stride, int ks,
                                               int u0, int v0, const Epilogue& epilogue) noexcept {
  using V = vec_t<S>;
  const int k_end = K > 0 ? K : ks;
  V acc[MU][NV];
  int k = 0;
  if (bias != nullptr) {
    #pragma GCC unroll 16
    for (int a = 0; a < MU; ++a) {
      const V b = broadcast<V>(bias[u0 + a]);
      #pragma GCC unroll 16
      for (int n = 0; n < NV; ++n) acc[a][n] = b;
    }
  } else {
    #pragma GCC unroll 16
    for (int n = 0; n < NV; ++n) {
      const V x = load<V>(in + (v0 + n) * kLanes);
      #pragma GCC unroll 16
      for (int a = 0; a < MU; ++a) acc[a][n] = broadcast<V>(w.at(u0 + a, 0)) * x;
    }
    k = 1;
  }
  for (; k < k_end; ++k) {
    V x[NV];
    #pragma GCC unroll 16
    for (int n = 0; n < NV; ++n) x[n] = load<V>(in + k * stride + (v0 + n) * kLanes);
    #pragma GCC unroll 16
    for (int a = 0; a < MU; ++a) {
      const V wv = broadcast<V>(w.at(u0 + a, k));
      #pragma GCC unroll 16
      for (int n = 0; n < NV; ++n) acc[a][n] = acc[a][n] + wv * x[n];
    }
  }
  #pragma GCC unroll 16
  for (int a = 0; a < MU; ++a) {
    #pragma GCC unroll 16
    for (int n = 0; n < NV; ++n) epilogue(u0 + a, v0 + n, acc[a][n]);
  }
}

template <int K, class S, class Epilogue>
inline void affine_fixed(const Weights<S>& w, const S* bias, const S* in, long stride, int ks, int units, int vecs,
                         const Epilogue& epilogue) noexcept {
  int u = 0;
  for (; u + kTileUnits <= units; u += kTileUnits) {
    int v = 0;
    for (; v + kTileVectors <= vecs; v += kTileVectors) {
      affine_tile<kTileUnits, kTileVectors, K>(w, bias, in, stride, ks, u, v, epilogue);
    }
    for (; v < vecs; ++v) affine_tile<kTileUnits, 1, K>(w, bias, in, stride, ks, u, v, epilogue);
  }
  for (; u < units; ++u) {
    int v = 0;
    for (; v + kTileVectors <= vecs; v += kTileVectors) {
      affine_tile<1, kTileVectors, K>(w, bias, in, stride, ks, u, v, epilogue);
    }
    for (; v < vecs; ++v) affine_tile<1, 1, K>(w, bias, in, stride, ks, u, v, epilogue);
  }
}

// `epilogue(u, v, acc)` stores output u's lane vector v.
template <class S, class Epilogue>
inline void affine(const Weights<S>& w, const S* bias, const S* in, long stride, int ks, int units, int vecs,
                   const Epilogue& epilogue) noexcept {
  switch (ks) {
    case 1: return affine_fixed<1>(w, bias, in, stride, ks, units, vecs, epilogue);
    case 2: return affine_fixed<2>(w, bias, in, stride, ks, units, vecs, epilogue);
    case 3: return affine_fixed<3>(w, bias, in, stride, ks, units, vecs, epilogue);
    case 4: return affine_fixed<4>(w, bias, in, stride, ks, units, vecs, epilogue);
    default: return affine_fixed<0>(w, bias, in, stride, ks, units, vecs, epilogue);
  }
}

// A tile of MU units × MK inputs (MU·MK <= 16) of the weight gradient: one
// accumulator per output, the batch's vectors in order, then one shared tree.
template <int MU, int MK, class S>
[[gnu::always_inline]] inline void weight_gradient_tile(const S* delta, const S* in, long stride, int vecs, int u0,
                                                        int k0, S* dw, long dw_unit_step) noexcept {
  using V = vec_t<S>;
  V acc[16] = {};
  for (int m = 0; m < vecs; ++m) {
    V d[MU];
    V x[MK];
    #pragma GCC unroll 16
    for (int a = 0; a < MU; ++a) d[a] = load<V>(delta + (u0 + a) * stride + m * kLanes);
    #pragma GCC unroll 16
    for (int b = 0; b < MK; ++b) x[b] = load<V>(in + (k0 + b) * stride + m * kLanes);
    #pragma GCC unroll 16
    for (int a = 0; a < MU; ++a) {
      #pragma GCC unroll 16
      for (int b = 0; b < MK; ++b) acc[a * MK + b] = m == 0 ? d[a] * x[b] : acc[a * MK + b] + d[a] * x[b];
    }
  }
  if constexpr (MU * MK == 1) {
    dw[u0 * dw_unit_step + k0] = reduce(acc[0]);
  } else {
    const V sums = reduce16(acc);
    #pragma GCC unroll 16
    for (int a = 0; a < MU; ++a) {
      #pragma GCC unroll 16
      for (int b = 0; b < MK; ++b) dw[(u0 + a) * dw_unit_step + k0 + b] = sums[a * MK + b];
    }
  }
}

template <int MK, class S>
inline void weight_gradient_fixed(const S* delta, const S* in, long stride, int units, int ks, int vecs, S* dw) noexcept {
  constexpr int MU = 16 / MK;
  int k = 0;
  for (; k + MK <= ks; k += MK) {
    int u = 0;
    for (; u + MU <= units; u += MU) weight_gradient_tile<MU, MK>(delta, in, stride, vecs, u, k, dw, ks);
    for (; u < units; ++u) weight_gradient_tile<1, MK>(delta, in, stride, vecs, u, k, dw, ks);
  }
  for (; k < ks; ++k) {
    int u = 0;
    for (; u + 16 <= units; u += 16) weight_gradient_tile<16, 1>(delta, in, stride, vecs, u, k, dw, ks);
    for (; u < units; ++u) weight_gradient_tile<1, 1>(delta, in, stride, vecs, u, k, dw, ks);
  }
}

// dW (units × ks, row-major) from delta (units rows) and the layer's input (ks rows).
template <class S>
inline void weight_gradient(const S* delta, const S* in, long stride, int units, int ks, int vecs, S* dw) noexcept {
  switch (ks) {
    case 1: return weight_gradient_fixed<1>(delta, in, stride, units, ks, vecs, dw);
    case 2: return weight_gradient_fixed<2>(delta, in, stride, units, ks, vecs, dw);
    case 3: return weight_gradient_fixed<3>(delta, in, stride, units, ks, vecs, dw);
    default: return weight_gradient_fixed<4>(delta, in, stride, units, ks, vecs, dw);
  }
}

template <class S>
inline void bias_gradient(const S* delta, long stride, int units, int vecs, S* db) noexcept {
  using V = vec_t<S>;
  int u = 0;
  for (; u + 16 <= units; u += 16) {
    V acc[16];
    #pragma GCC unroll 16
    for (int a = 0; a < 16; ++a) {
      acc[a] = load<V>(delta + (u + a) * stride);
      for (int m = 1; m < vecs; ++m) acc[a] = acc[a] + load<V>(delta + (u + a) * stride + m * kLanes);
    }
    const V sums = reduce16(acc);
    #pragma GCC unroll 16
    for (int a = 0; a < 16; ++a) db[u + a] = sums[a];
  }
  for (; u < units; ++u) {
    V acc = load<V>(delta + u * stride);
    for (int m = 1; m < vecs; ++m) acc = acc + load<V>(delta + u * stride + m * kLanes);
    db[u] = reduce(acc);
  }
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
