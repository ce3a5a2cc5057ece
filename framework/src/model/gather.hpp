// Copying a batch into the feature-major workspace (engine.hpp). Per-ISA
// code: see simd.hpp.
#pragma once

#include "model/engine.hpp"
#include "model/simd.hpp"

namespace lrbench::model::LRBENCH_MODEL_ISA {

// The batch's rows into ws.input (features × stride) and ws.labels; lanes
// from count to the next multiple of 16 are zero (label 0).
template <class S>
inline int gather(const BatchSource<S>& b, Workspace<S>& ws) noexcept {
  const int vecs = (b.count + kLanes - 1) / kLanes;
  const int padded = vecs * kLanes;
  for (int f = 0; f < b.features; ++f) {
    const S* column = b.x + f * b.ld;
    S* row = ws.input + static_cast<long>(f) * ws.stride;
    if (b.rows != nullptr) {
      for (int j = 0; j < b.count; ++j) row[j] = column[b.rows[j]];
    } else {
      for (int j = 0; j < b.count; ++j) row[j] = column[b.first + j];
    }
    for (int j = b.count; j < padded; ++j) row[j] = S(0);
  }
  for (int j = 0; j < b.count; ++j) ws.labels[j] = b.labels[b.rows != nullptr ? b.rows[j] : b.first + j];
  for (int j = b.count; j < padded; ++j) ws.labels[j] = 0;
  return vecs;
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
