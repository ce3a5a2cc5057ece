// Copying a batch into the feature-major workspace (engine.hpp). Per-ISA
// code: see simd.hpp.
#pragma once

#include <algorithm>

#include "model/engine.hpp"
#include "model/simd.hpp"

namespace lrbench::model::LRBENCH_MODEL_ISA {

// The batch's rows into ws.input (features × stride) and ws.labels; lanes
// from count to the next multiple of 16 are zero (label 0). 16 samples at a
// time: each feature's 16 values go to one 64-byte line of the workspace
// while the 16 source rows are read front to back, each a stream the
// prefetcher follows. (A column-major source read at shuffled rows touches
// one cache line per value: for Fashion-MNIST's 784 features that was half
// of an epoch's time.) A pure copy: it changes no value.
template <class S>
inline int gather(const BatchSource<S>& b, Workspace<S>& ws) noexcept {
  const int vecs = (b.count + kLanes - 1) / kLanes;
  const int padded = vecs * kLanes;
  const auto sample_row = [&b](int j) -> std::int64_t { return b.rows != nullptr ? b.rows[j] : b.first + j; };
  const S* source[kLanes];
  for (int j0 = 0; j0 < padded; j0 += kLanes) {
    const int n = std::min(kLanes, b.count - j0);
    for (int j = 0; j < n; ++j) source[j] = b.x + sample_row(j0 + j) * b.row_stride;
    S* out = ws.input + j0;
    for (int f = 0; f < b.features; ++f, out += ws.stride) {
      for (int j = 0; j < n; ++j) out[j] = source[j][f];
      for (int j = n; j < kLanes; ++j) out[j] = S(0);
    }
  }
  for (int j = 0; j < b.count; ++j) ws.labels[j] = b.labels[sample_row(j)];
  for (int j = b.count; j < padded; ++j) ws.labels[j] = 0;
  return vecs;
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
