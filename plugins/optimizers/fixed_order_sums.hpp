// Several fixed-order sums taken in the same pass as an element-wise update,
// for the plugins whose step needs a reduction (prodigy's ⟨g, w0 − w⟩ and
// Σ|s|, lars' and lamb's per-tensor norms, adafactor's RMS, adaptive sam's
// norms): one pass over the buffers instead of one per sum, so each crosses
// the memory bus once. Two forms: fixed_order_sums (below), whose visit is a
// plain loop over a block that writes the terms to an L1 buffer (for element
// work the compiler should vectorise, e.g. with sqrt: lamb, adafactor, sam),
// and fixed_order_sums_lanes (further down), whose element work is written on
// 16-lane vectors and whose terms are added from the registers (lars,
// prodigy). Both give the same bits.
//
// The pass goes block by block. visit(first, count, terms) does the
// element-wise work of elements [first, first + count) (a plain loop that the
// compiler vectorises) and writes the k-th term of element first + j to
// terms[k][j]; the block's terms, still in L1, are then added in. Each visit
// follows the previous one (first = 0, kBlock, 2·kBlock, …), so a visit that
// updates state leaves it as an update loop before or after the sums would.
//
// Every sum is exactly lrbench::math's (lrbench/math/reduce.hpp): lane l of
// 16 accumulates the terms of i = l, l + 16, l + 32, … in that order from +0,
// then the lanes are added by halving (math::reduce_lanes); kBlock is a
// multiple of 16, so element i always lands in lane i mod 16. So
//   fixed_order_sums<float, 2>(n, [&](std::size_t first, std::size_t count, auto terms) {
//     for (std::size_t j = 0; j < count; ++j) {
//       terms[0][j] = x[first + j] * x[first + j];
//       terms[1][j] = y[first + j] * y[first + j];
//     }
//   });
// returns the bits of {math::squared_norm(x), math::squared_norm(y)}.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>

#include "lrbench/math.hpp"

namespace lrbench_plugins {

// {Σ term 0, …, Σ term K − 1} over the n elements, each in the fixed order.
// The 16 lanes of each sum are one GCC/Clang vector (an AVX-512 register, or
// two AVX or four SSE ones, lane by lane the same additions), and the K sums
// advance together: each lane's additions are a chain that cannot be
// reordered, so K independent chains side by side keep the adder busy.
template <class T, std::size_t K, class Visit>
[[nodiscard]] inline std::array<T, K> fixed_order_sums(std::size_t n, Visit visit) {
  constexpr std::size_t width = lrbench::math::reduction_width;
  constexpr std::size_t kBlock = 64 * width;  // 1024 terms, 4 KiB per float sum
  typedef T Lanes __attribute__((vector_size(sizeof(T) * width)));
  Lanes lanes[K] = {};
  alignas(sizeof(Lanes)) T block_terms[K][kBlock];
  std::array<T*, K> terms;
  for (std::size_t k = 0; k < K; ++k) terms[k] = block_terms[k];
  for (std::size_t first = 0; first < n; first += kBlock) {
    const std::size_t count = std::min(kBlock, n - first);
    visit(first, count, terms);
    std::size_t j = 0;
    for (; j + width <= count; j += width) {
      for (std::size_t k = 0; k < K; ++k) {
        Lanes block;
        std::memcpy(&block, block_terms[k] + j, sizeof block);
        lanes[k] = lanes[k] + block;
      }
    }
    for (std::size_t k = 0; k < K; ++k) {  // the last block's tail
      for (std::size_t l = 0; j + l < count; ++l) lanes[k][l] = lanes[k][l] + block_terms[k][j + l];
    }
  }
  std::array<T, K> sums{};
  for (std::size_t k = 0; k < K; ++k) {
    T lane_sums[width];
    for (std::size_t l = 0; l < width; ++l) lane_sums[l] = lanes[k][l];
    sums[k] = lrbench::math::reduce_lanes(lane_sums);
  }
  return sums;
}

// The same sums for element work written on 16-lane vectors: chunk(i, terms)
// handles elements [i, i + 16) (i a multiple of 16) on lrbench_plugins::Lanes
// (GCC/Clang vector types, lane l = element i + l, so lane l is exactly the
// lane of element i + l in lrbench::math's order) and sets terms[k] to its 16
// k-th terms; tail(i, terms) handles one element of the last n mod 16 and
// sets terms[k] to its k-th term. The terms are added straight from the
// registers, with no block buffer; the sums are the same bits as
// fixed_order_sums' (the same additions per lane, in the same order).
using Lanes = float __attribute__((vector_size(sizeof(float) * lrbench::math::reduction_width)));

[[nodiscard]] inline Lanes load_lanes(const float* p) noexcept {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store_lanes(float* p, const Lanes v) noexcept { std::memcpy(p, &v, sizeof v); }

template <std::size_t K, class Chunk, class Tail>
[[nodiscard]] inline std::array<float, K> fixed_order_sums_lanes(std::size_t n, Chunk chunk, Tail tail) {
  constexpr std::size_t width = lrbench::math::reduction_width;
  Lanes lanes[K] = {};
  std::size_t i = 0;
  for (; i + width <= n; i += width) {
    Lanes terms[K];
    chunk(i, terms);
    for (std::size_t k = 0; k < K; ++k) lanes[k] = lanes[k] + terms[k];
  }
  for (std::size_t l = 0; i + l < n; ++l) {
    float terms[K];
    tail(i + l, terms);
    for (std::size_t k = 0; k < K; ++k) lanes[k][l] = lanes[k][l] + terms[k];
  }
  std::array<float, K> sums{};
  for (std::size_t k = 0; k < K; ++k) {
    float lane_sums[width];
    for (std::size_t l = 0; l < width; ++l) lane_sums[l] = lanes[k][l];
    sums[k] = lrbench::math::reduce_lanes(lane_sums);
  }
  return sums;
}

}  // namespace lrbench_plugins
