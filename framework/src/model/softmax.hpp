// Softmax fused with categorical cross-entropy, one lane per sample.
//
// For logits z (classes × lanes) and label y:
//   m = max_c z_c (scanned in class order), e_c = exp(z_c − m), s = Σ_c e_c
//   (in class order), lse = m + log s, loss = lse − z_y,
//   ∂loss/∂z_c = e_c/s − [c = y]; for the batch mean, ·1/B.
// Subtracting m keeps every exponent <= 0, so nothing overflows. The
// predicted class is the first largest logit (numpy's argmax). Lanes past
// the batch get a zero delta and add nothing.
//
// G lane vectors go through each step together (G independent exp and log
// chains in flight); the arithmetic of every lane is the same whatever G.
#pragma once

#include <cstdint>

#include "model/activations.hpp"
#include "model/engine.hpp"
#include "model/simd.hpp"

#ifndef LRBENCH_SOFTMAX_GROUP
#error "engine_<isa>.cpp sets how many lane vectors the softmax takes at once (LRBENCH_SOFTMAX_GROUP)"
#endif

namespace lrbench::model::LRBENCH_MODEL_ISA {

inline constexpr int kSoftmaxGroup = LRBENCH_SOFTMAX_GROUP;

// Lanes of vector v that hold one of the first `count` samples.
template <class S>
[[gnu::always_inline]] inline mask_t<S> valid_lanes(int v, int count) noexcept {
  return lane_index<S>() < static_cast<typename mask_t<S>::scalar>(count - v * kLanes);
}

// The softmax terms of G lane vectors from v0: label, validity, m, s, lse, z_y;
// e_c written to e (classes rows) when non-null.
template <class S, int G>
struct SoftmaxGroup {
  mask_t<S> label[G];
  mask_t<S> valid[G];
  vec_t<S> sum[G];
  vec_t<S> loss[G];  // lse − z_y on valid lanes, 0 elsewhere

  [[gnu::always_inline]] SoftmaxGroup(const S* z, long stride, int classes, const std::int32_t* labels, int count,
                                      int v0, S* e) noexcept {
    using V = vec_t<S>;
    V m[G];
    V z_y[G];
    for (int g = 0; g < G; ++g) {
      label[g] = load_labels<S>(labels + (v0 + g) * kLanes);
      valid[g] = valid_lanes<S>(v0 + g, count);
      m[g] = load<V>(z + (v0 + g) * kLanes);
    }
    for (int c = 1; c < classes; ++c) {
      for (int g = 0; g < G; ++g) {
        const V zc = load<V>(z + c * stride + (v0 + g) * kLanes);
        m[g] = select(zc > m[g], zc, m[g]);
      }
    }
    for (int c = 0; c < classes; ++c) {
      for (int g = 0; g < G; ++g) {
        const V zc = load<V>(z + c * stride + (v0 + g) * kLanes);
        const V ec = exp_v(zc - m[g]);
        sum[g] = c == 0 ? ec : sum[g] + ec;
        z_y[g] = c == 0 ? select(label[g] == c, zc, V{}) : select(label[g] == c, zc, z_y[g]);
        if (e != nullptr) store(e + c * stride + (v0 + g) * kLanes, ec);
      }
    }
    for (int g = 0; g < G; ++g) loss[g] = select(valid[g], (m[g] + log_v(sum[g])) - z_y[g], V{});
  }
};

// Training, G vectors from v0: delta = ∂(mean loss)/∂z into `delta`; the
// losses added to loss_lanes (lane sums in vector order).
template <class S, int G>
[[gnu::always_inline]] inline void softmax_train_group(const S* z, long stride, int classes,
                                                       const std::int32_t* labels, int count, int v0, S inv_batch,
                                                       S* delta, vec_t<S>& loss_lanes) noexcept {
  using V = vec_t<S>;
  const SoftmaxGroup<S, G> t(z, stride, classes, labels, count, v0, delta);
  const V hit = broadcast<V>(inv_batch);
  for (int g = 0; g < G; ++g) {
    loss_lanes = v0 + g == 0 ? t.loss[g] : loss_lanes + t.loss[g];
    const V scale = (S(1) / t.sum[g]) * inv_batch;
    for (int c = 0; c < classes; ++c) {
      S* row = delta + c * stride + (v0 + g) * kLanes;
      const V d = load<V>(row) * scale - select(t.label[g] == c, hit, V{});
      store(row, select(t.valid[g], d, V{}));
    }
  }
}

// Training: delta = ∂(mean loss)/∂z into `delta` (classes rows); returns the
// mean loss (lane sums in vector order, then the tree).
template <class S>
inline S softmax_cross_entropy_train(const S* z, long stride, int classes, const std::int32_t* labels, int count,
                                     int vecs, S* delta) noexcept {
  const S inv_batch = S(1) / static_cast<S>(count);
  vec_t<S> loss_lanes{};
  int v = 0;
  for (; v + kSoftmaxGroup <= vecs; v += kSoftmaxGroup) {
    softmax_train_group<S, kSoftmaxGroup>(z, stride, classes, labels, count, v, inv_batch, delta, loss_lanes);
  }
  for (; v < vecs; ++v) softmax_train_group<S, 1>(z, stride, classes, labels, count, v, inv_batch, delta, loss_lanes);
  return reduce(loss_lanes) * inv_batch;
}

// Per-sample losses of G vectors into the double lane sums, correct
// predictions (−1 per lane) into hits.
template <class S, int G, class Acc>
[[gnu::always_inline]] inline void softmax_evaluate_group(const S* z, long stride, int classes,
                                                          const std::int32_t* labels, int count, int v0, Acc& loss,
                                                          mask_t<S>& hits) noexcept {
  using V = vec_t<S>;
  using M = mask_t<S>;
  const SoftmaxGroup<S, G> t(z, stride, classes, labels, count, v0, nullptr);
  V best[G];
  M predicted[G];
  for (int g = 0; g < G; ++g) {
    if constexpr (sizeof(S) == 4) {
      add_to_double(loss, t.loss[g]);
    } else {
      loss = loss + t.loss[g];
    }
    best[g] = load<V>(z + (v0 + g) * kLanes);
    predicted[g] = M{};
  }
  for (int c = 1; c < classes; ++c) {
    for (int g = 0; g < G; ++g) {
      const V zc = load<V>(z + c * stride + (v0 + g) * kLanes);
      const M better = zc > best[g];
      best[g] = select(better, zc, best[g]);
      predicted[g] = select(better, broadcast<M>(c), predicted[g]);
    }
  }
  for (int g = 0; g < G; ++g) hits = hits + (t.valid[g] & (predicted[g] == t.label[g]));
}

// Evaluation: per-sample losses into sums.loss_lanes (double, from where the
// previous chunk left them: lane i keeps summing samples i, i + 16, ... in
// order), correct predictions into sums.correct.
template <class S>
inline void softmax_cross_entropy_evaluate(const S* z, long stride, int classes, const std::int32_t* labels,
                                           int count, int vecs, EvaluationSums& sums) noexcept {
  using V = vec_t<S>;
  using M = mask_t<S>;
  M hits{};
  // Float losses accumulate in double lanes (lane i stays lane i).
  using Acc = std::conditional_t<sizeof(S) == 4, native_t<double, kFloatWidth / 2>[2 * V::N], V>;
  Acc loss;
  __builtin_memcpy(&loss, sums.loss_lanes, sizeof loss);
  int v = 0;
  for (; v + kSoftmaxGroup <= vecs; v += kSoftmaxGroup) {
    softmax_evaluate_group<S, kSoftmaxGroup>(z, stride, classes, labels, count, v, loss, hits);
  }
  for (; v < vecs; ++v) softmax_evaluate_group<S, 1>(z, stride, classes, labels, count, v, loss, hits);
  __builtin_memcpy(sums.loss_lanes, &loss, sizeof loss);
  std::int64_t correct = 0;
  for (int i = 0; i < kLanes; ++i) correct -= hits[i];
  sums.correct += correct;
  sums.samples += count;
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
