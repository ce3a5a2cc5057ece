// Copying a batch into the feature-major workspace (engine.hpp). Per-ISA
// code: see simd.hpp.
#pragma once

#include <algorithm>

#include "model/engine.hpp"
#include "model/simd.hpp"

namespace lrbench::model::LRBENCH_MODEL_ISA {

template <class S>
inline std::int64_t sample_row(const BatchSource<S>& b, int j) noexcept {
  return b.rows != nullptr ? b.rows[j] : b.first + j;
}

// Samples stored as contiguous rows (feature_stride 1, data::Dataset's
// layout): 16 samples at a time, so each feature's 16 values go to one
// 64-byte line of the workspace while the 16 source rows are read front to
// back, each a stream the prefetcher follows. (Reading a column-major matrix
// at shuffled rows instead touches one cache line per value: for
// Fashion-MNIST's 784 features that was half of an epoch's time.)
template <class S>
inline void gather_contiguous_rows(const BatchSource<S>& b, Workspace<S>& ws) noexcept {
  constexpr int kBlock = kLanes;
  const S* source[kBlock];
  for (int j0 = 0; j0 < b.count; j0 += kBlock) {
    const int n = std::min(kBlock, b.count - j0);
    for (int j = 0; j < n; ++j) source[j] = b.x + sample_row(b, j0 + j) * b.sample_stride;
    S* out = ws.input + j0;
    for (int f = 0; f < b.features; ++f, out += ws.stride) {
      for (int j = 0; j < n; ++j) out[j] = source[j][f];
    }
  }
}

// Any other layout (a column-major matrix: consecutive samples of one
// feature are contiguous), one feature at a time.
template <class S>
inline void gather_strided(const BatchSource<S>& b, Workspace<S>& ws) noexcept {
  for (int f = 0; f < b.features; ++f) {
    const S* column = b.x + f * b.feature_stride;
    S* row = ws.input + static_cast<long>(f) * ws.stride;
    for (int j = 0; j < b.count; ++j) row[j] = column[sample_row(b, j) * b.sample_stride];
  }
}

// The batch's rows into ws.input (features × stride) and ws.labels; lanes
// from count to the next multiple of 16 are zero (label 0). A pure copy:
// the layout of the source changes no value.
template <class S>
inline int gather(const BatchSource<S>& b, Workspace<S>& ws) noexcept {
  const int vecs = (b.count + kLanes - 1) / kLanes;
  const int padded = vecs * kLanes;
  if (b.feature_stride == 1) {
    gather_contiguous_rows(b, ws);
  } else {
    gather_strided(b, ws);
  }
  for (int f = 0; f < b.features; ++f) {
    S* row = ws.input + static_cast<long>(f) * ws.stride;
    for (int j = b.count; j < padded; ++j) row[j] = S(0);
  }
  for (int j = 0; j < b.count; ++j) ws.labels[j] = b.labels[sample_row(b, j)];
  for (int j = b.count; j < padded; ++j) ws.labels[j] = 0;
  return vecs;
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
