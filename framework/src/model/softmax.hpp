// Softmax fused with categorical cross-entropy, one lane per sample.
//
// For logits z (classes × lanes) and label y:
//   m = max_c z_c (scanned in class order), e_c = exp(z_c − m), s = Σ_c e_c
//   (in class order), lse = m + log s, loss = lse − z_y,
//   ∂loss/∂z_c = e_c/s − [c = y]; for the batch mean, ·1/B.
// Subtracting m keeps every exponent <= 0, so nothing overflows. The
// predicted class is the first largest logit (numpy's argmax). Lanes past
// the batch get a zero delta and add nothing.
#pragma once

#include <cstdint>

#include "model/activations.hpp"
#include "model/engine.hpp"
#include "model/simd.hpp"

namespace lrbench::model::LRBENCH_MODEL_ISA {

template <class S>
struct SoftmaxTerms {
  vec_t<S> lse;  // log-sum-exp per lane
  vec_t<S> sum;  // s
  vec_t<S> z_y;  // the label's logit
};

// m, s and lse for lane vector v; e_c written to e (classes rows) when non-null.
template <class S>
[[gnu::always_inline]] inline SoftmaxTerms<S> softmax_terms(const S* z, long stride, int classes, int v,
                                                          mask_t<S> label, S* e) noexcept {
  using V = vec_t<S>;
  V m = load<V>(z + v * kLanes);
  for (int c = 1; c < classes; ++c) {
    const V zc = load<V>(z + c * stride + v * kLanes);
    m = zc > m ? zc : m;
  }
  V s{};
  V z_y{};
  for (int c = 0; c < classes; ++c) {
    const V zc = load<V>(z + c * stride + v * kLanes);
    const V ec = exp_v(zc - m);
    s = c == 0 ? ec : s + ec;
    z_y = label == c ? zc : z_y;
    if (e != nullptr) store(e + c * stride + v * kLanes, ec);
  }
  return {m + log_v(s), s, z_y};
}

// Lanes of vector v that hold one of the first `count` samples.
template <class S>
[[gnu::always_inline]] inline mask_t<S> valid_lanes(int v, int count) noexcept {
  const mask_t<S> lane{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  return lane < count - v * kLanes;
}

// Training: delta = ∂(mean loss)/∂z into `delta` (classes rows); returns the
// mean loss (lane sums in vector order, then the tree).
template <class S>
inline S softmax_cross_entropy_train(const S* z, long stride, int classes, const std::int32_t* labels, int count,
                                     int vecs, S* delta) noexcept {
  using V = vec_t<S>;
  const S inv_batch = S(1) / static_cast<S>(count);
  V loss_lanes{};
  for (int v = 0; v < vecs; ++v) {
    const mask_t<S> label = load_labels<S>(labels + v * kLanes);
    const mask_t<S> valid = valid_lanes<S>(v, count);
    const SoftmaxTerms<S> t = softmax_terms<S>(z, stride, classes, v, label, delta);
    const V loss = valid ? t.lse - t.z_y : V{};
    loss_lanes = v == 0 ? loss : loss_lanes + loss;
    const V scale = (S(1) / t.sum) * inv_batch;
    const V hit = broadcast<V>(inv_batch);
    for (int c = 0; c < classes; ++c) {
      S* row = delta + c * stride + v * kLanes;
      const V d = load<V>(row) * scale - (label == c ? hit : V{});
      store(row, valid ? d : V{});
    }
  }
  return reduce(loss_lanes) * inv_batch;
}

// Evaluation: per-sample losses into sums.loss_lanes (double, from where the
// previous chunk left them), correct predictions into sums.correct.
template <class S>
inline void softmax_cross_entropy_evaluate(const S* z, long stride, int classes, const std::int32_t* labels,
                                           int count, int vecs, EvaluationSums& sums) noexcept {
  using V = vec_t<S>;
  using M = mask_t<S>;
  f64x16 loss_lanes = load<f64x16>(sums.loss_lanes);
  M hits{};  // −1 per lane and correct prediction
  for (int v = 0; v < vecs; ++v) {
    const M label = load_labels<S>(labels + v * kLanes);
    const M valid = valid_lanes<S>(v, count);
    const SoftmaxTerms<S> t = softmax_terms<S>(z, stride, classes, v, label, nullptr);
    const V loss = valid ? t.lse - t.z_y : V{};
    loss_lanes = loss_lanes + __builtin_convertvector(loss, f64x16);
    V best = load<V>(z + v * kLanes);
    M predicted{};
    for (int c = 1; c < classes; ++c) {
      const V zc = load<V>(z + c * stride + v * kLanes);
      const M better = zc > best;
      best = better ? zc : best;
      predicted = better ? M{} + c : predicted;
    }
    hits = hits + (valid & (predicted == label));
  }
  store(sums.loss_lanes, loss_lanes);
  std::int64_t correct = 0;
  for (int i = 0; i < kLanes; ++i) correct -= hits[i];
  sums.correct += correct;
  sums.samples += count;
}

}  // namespace lrbench::model::LRBENCH_MODEL_ISA
