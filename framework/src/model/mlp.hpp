// A multilayer perceptron over one flat parameter buffer.
//
// The parameters live in one contiguous buffer owned by the caller (the
// optimizer sees exactly that buffer); the MLP views it through Eigen::Map.
// Samples are ROWS: a minibatch is a (batch × features) matrix. Layer l
// stores its weights transposed, Wt_l (inputs × units, column-major: column o
// holds unit o's incoming weights), then its bias b_l (units):
//
//   Z_l = A_{l-1} · Wt_l + 1·b_lᵀ,   A_l = f_l(Z_l),   A_0 = X
//
// Why rows: the study's layers are thin (2 → 50 → 3). With samples as rows,
// every product of a thin layer vectorises along the batch (Z[:, o] is a sum
// of batch-long columns scaled by weights, gradients are batch-long dot
// products), whatever the layer's width. Wide layers (both sides ≥ 16) use
// Eigen's blocked GEMM instead, which is faster there.
//
// The last layer is softmax, fused with categorical cross-entropy: for logits
// z and label y, loss = logsumexp(z) - z_y, computed as m + log Σ exp(z - m)
// with m = max z so no exponent overflows, and ∂loss/∂z = softmax(z) - onehot(y).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include <Eigen/Core>

#include "model/spec.hpp"
#include "util/random.hpp"

namespace lrbench::model {

struct LayerLayout {
  int inputs = 0;
  int units = 0;
  Activation activation = Activation::relu;
  Init init = Init::glorot_uniform;
  std::size_t weights_offset = 0;  // Wt: inputs × units, column-major
  std::size_t bias_offset = 0;     // b: units
  bool wide = false;               // both sides >= 16: use blocked GEMM
};

// Mean loss and accuracy of a model over a whole dataset.
struct Evaluation {
  double loss = 0.0;
  double accuracy = 0.0;
};

// The arrangement of a ModelSpec over a flat buffer; throws
// std::invalid_argument for a spec that cannot be built (no layers, units
// < 1, softmax anywhere but last, or a last layer that is not softmax).
[[nodiscard]] std::vector<LayerLayout> layout(int inputs, const ModelSpec& spec);

// Fills `params` as Keras initialises a fresh model: weights by each layer's
// initialiser (fan_in = inputs, fan_out = units), biases zero.
//   he_uniform:     U(-l, l),  l = sqrt(6 / fan_in)
//   glorot_uniform: U(-l, l),  l = sqrt(6 / (fan_in + fan_out))
//   he_normal:      N(0, s²) truncated at 2s, s = sqrt(2 / fan_in) / 0.87962566103423978
//   glorot_normal:  as he_normal with s = sqrt(2 / (fan_in + fan_out)) / 0.87962566103423978
// (0.8796… is the std of a unit normal truncated to [-2, 2]; Keras divides by
// it so the truncated draw keeps the intended variance.)
template <class Scalar>
void initialize(std::span<const LayerLayout> layers, std::span<Scalar> params, util::Rng& rng);

template <class Scalar>
class Mlp {
 public:
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  // Samples as rows; any block of a column-major matrix (e.g. middleRows).
  using ConstMatrixRef = Eigen::Ref<const Matrix, 0, Eigen::OuterStride<>>;

  // `capacity`: the most rows (samples) one call handles at once; larger
  // inputs to evaluate() are processed in chunks of that size. All workspace
  // is allocated here, never during training.
  Mlp(int inputs, const ModelSpec& spec, int capacity);

  [[nodiscard]] std::size_t num_parameters() const noexcept { return num_parameters_; }
  [[nodiscard]] const std::vector<LayerLayout>& layers() const noexcept { return layers_; }
  [[nodiscard]] int capacity() const noexcept { return capacity_; }

  // Mean cross-entropy over the batch (rows of x, labels y) and its gradient
  // with respect to every parameter, written into `grad`.
  Scalar loss_and_gradient(std::span<const Scalar> params, const ConstMatrixRef& x,
                           std::span<const std::int32_t> y, std::span<Scalar> grad);

  // Mean loss and accuracy over every row of x.
  Evaluation evaluate(std::span<const Scalar> params, const ConstMatrixRef& x, std::span<const std::int32_t> y);

  // Runs the network on x (at most `capacity` rows); the logits are then in
  // logits(x.rows()).
  void forward(std::span<const Scalar> params, const ConstMatrixRef& x);
  [[nodiscard]] auto logits(Eigen::Index batch) const { return a_.back().topRows(batch); }

 private:
  // Per row of the last forward pass: lse = m + log Σ_c exp(z_c - m), with
  // m = max_c z_c, into lse_; exp(z_c - m) into probs_, the sums into exp_sum_.
  void log_softmax_terms(Eigen::Index batch);

  std::vector<LayerLayout> layers_;
  std::size_t num_parameters_ = 0;
  int capacity_ = 0;
  std::vector<Matrix> a_;  // each layer's output, capacity × units (the last: logits)
  Matrix probs_;           // capacity × classes: exp(z_c - m), unnormalised
  Vector exp_sum_;         // capacity: Σ_c exp(z_c - m) per row
  Vector lse_;             // capacity
  Matrix delta_;           // ∂loss/∂Z of the current layer, capacity × widest
  Matrix delta_prev_;      // ∂loss/∂Z of the layer below
};

extern template class Mlp<float>;
extern template class Mlp<double>;

}  // namespace lrbench::model
