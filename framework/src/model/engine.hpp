// The boundary between the MLP (mlp.hpp) and its kernels, which are compiled
// once per instruction set (engine_baseline.cpp, engine_avx2.cpp,
// engine_avx512.cpp) and chosen at run time (isa.hpp). Plain data and
// function pointers only: nothing here is an inline function that a
// per-ISA translation unit could compile differently.
//
// Workspace layout: every per-sample array is feature-major, one row of
// `stride` values per feature or unit (stride = the capacity rounded up to a
// multiple of 16), samples along the row, so the kernels vectorise along the
// batch. Lanes past the batch are zero in the input and in every delta.
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/spec.hpp"

namespace lrbench::model {

// One dense layer, as the kernels see it (layout.hpp's LayerLayout).
struct LayerShape {
  int inputs;
  int units;
  Activation activation;
  std::size_t weights_offset;  // W: units × inputs, row-major
  std::size_t bias_offset;
};

template <class Scalar>
struct Workspace {
  int stride = 0;                      // values per row; a multiple of 16
  Scalar* input = nullptr;             // inputs × stride
  Scalar** outputs = nullptr;          // per layer: units × stride, a = f(z) (the last: logits)
  Scalar** pre_activations = nullptr;  // per layer: z, where the backward pass needs it (gelu), else null
  Scalar* delta = nullptr;             // widest × stride: ∂loss/∂z of the current layer
  Scalar* delta_prev = nullptr;        // widest × stride
  // For the fused kernels of two-layer networks (fused.hpp): at least
  // (classes + inputs + 1) × (hidden units rounded up to 16) × 16 values.
  Scalar* scratch = nullptr;
  std::int32_t* labels = nullptr;      // stride
};

// Where a batch comes from: rows of a row-major samples-as-rows matrix,
// x(i, f) = x[i·row_stride + f], and their labels. `rows` lists the rows to take; null means `count` consecutive rows
// from `first`.
template <class Scalar>
struct BatchSource {
  const Scalar* x = nullptr;
  std::int64_t row_stride = 0;
  int features = 0;
  const std::int32_t* labels = nullptr;
  const std::int32_t* rows = nullptr;
  std::int64_t first = 0;
  int count = 0;
};

// Evaluation totals over many calls: the per-sample losses summed per lane
// in double (lane i takes samples i, i + 16, ... of the whole set, in order,
// from +0), and the number of correct predictions.
struct EvaluationSums {
  double loss_lanes[16] = {};
  std::int64_t correct = 0;
  std::int64_t samples = 0;
};

template <class Scalar>
struct Kernels {
  // Forward, softmax cross-entropy and backward for one batch (count <=
  // stride): the gradient of the mean loss into `grad`; returns the mean loss.
  Scalar (*train)(const LayerShape* layers, int n_layers, const Scalar* params, const BatchSource<Scalar>& batch,
                  Workspace<Scalar>& ws, Scalar* grad);
  // Forward and per-sample loss and prediction for one chunk (count <= stride).
  void (*evaluate)(const LayerShape* layers, int n_layers, const Scalar* params, const BatchSource<Scalar>& batch,
                   Workspace<Scalar>& ws, EvaluationSums& sums);
  // The forward pass only; the logits are then in ws.outputs[n_layers − 1].
  void (*forward)(const LayerShape* layers, int n_layers, const Scalar* params, const BatchSource<Scalar>& batch,
                  Workspace<Scalar>& ws);
  // The instruction set's arithmetic peak, for throughput reports: `iterations`
  // rounds of independent multiply-then-add chains on lane vectors (no FMA, as
  // the kernels). Returns the floating-point operations done; `checksum`
  // keeps the compiler from removing them.
  std::int64_t (*peak)(std::int64_t iterations, Scalar* checksum);
};

// The kernels compiled for each instruction set. The baseline set exists
// everywhere; the others only on x86-64 (isa.cpp knows which).
const Kernels<float>& baseline_kernels_f32();
const Kernels<double>& baseline_kernels_f64();
#if defined(__x86_64__)
const Kernels<float>& avx2_kernels_f32();
const Kernels<float>& avx512_kernels_f32();
#endif

}  // namespace lrbench::model
