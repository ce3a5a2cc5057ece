// A multilayer perceptron over one flat parameter buffer.
//
// The parameters live in one contiguous buffer owned by the caller (the
// optimizer sees exactly that buffer; layout.hpp says where each layer's
// weights and bias are). Samples are ROWS of the caller's matrices, as in
// data::Dataset; the MLP copies each batch into its own feature-major
// workspace, where the kernels (engine.hpp) vectorise along the batch:
//
//   Z_l = W_l·A_{l−1} + b_l,   A_l = f_l(Z_l),   A_0 = the batch's features
//
// The last layer is softmax, fused with categorical cross-entropy: for
// logits z and label y, loss = logsumexp(z) − z_y, computed as
// m + log Σ exp(z − m) with m = max z so no exponent overflows, and
// ∂loss/∂z = softmax(z) − onehot(y).
//
// Every result is bit-identical whatever instruction set the kernels run on
// (isa.hpp), whatever the capacity, and for evaluation whatever the split of
// the data into calls: every sum has a fixed order (kernels.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "model/engine.hpp"
#include "model/isa.hpp"
#include "model/layout.hpp"
#include "model/spec.hpp"

namespace lrbench::model {

// Samples as rows, each sample's features contiguous: a row-major Eigen
// matrix (data::Dataset's layout) or a block of its rows,
// x(i, f) = data[i·row_stride + f]. A shuffled minibatch then reads whole
// rows (model/gather.hpp). A view: the matrix must outlive the call it is
// passed to.
template <class Scalar>
using SampleMatrixOf = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <class Scalar>
struct SampleView {
  const Scalar* data = nullptr;
  Eigen::Index rows = 0;
  Eigen::Index cols = 0;
  Eigen::Index row_stride = 0;

  template <class Derived>
    requires(static_cast<bool>(Derived::Flags & Eigen::DirectAccessBit) && static_cast<bool>(Derived::IsRowMajor) &&
             static_cast<int>(Derived::InnerStrideAtCompileTime) == 1 && std::is_same_v<typename Derived::Scalar, Scalar>)
  SampleView(const Eigen::MatrixBase<Derived>& x)  // NOLINT(google-explicit-constructor): views convert implicitly
      : data(x.derived().data()), rows(x.rows()), cols(x.cols()), row_stride(x.derived().outerStride()) {}
};

// Mean loss and accuracy of a model over a whole dataset.
struct Evaluation {
  double loss = 0.0;
  double accuracy = 0.0;
};

template <class Scalar>
class Mlp {
 public:
  using Matrix = SampleMatrixOf<Scalar>;
  using Samples = SampleView<Scalar>;

  // `capacity`: the most samples one call handles (a training batch; larger
  // evaluations go in chunks of that size). All workspace is allocated here,
  // never during training. Float models run on selected_isa()'s kernels (or
  // `isa`'s), double models on the baseline kernels (they exist for
  // gradient checks).
  Mlp(int inputs, const ModelSpec& spec, int capacity);
  Mlp(int inputs, const ModelSpec& spec, int capacity, Isa isa);
  Mlp(const Mlp&) = delete;
  Mlp& operator=(const Mlp&) = delete;

  [[nodiscard]] std::size_t num_parameters() const noexcept { return num_parameters_; }
  [[nodiscard]] const std::vector<LayerLayout>& layers() const noexcept { return layers_; }
  [[nodiscard]] int capacity() const noexcept { return capacity_; }
  [[nodiscard]] Isa isa() const noexcept { return isa_; }

  // Mean cross-entropy over a batch and its gradient with respect to every
  // parameter, written into `grad`: every row of x with labels y, or the
  // rows `rows` of x (labels y[rows[i]]), at most capacity() of them.
  Scalar loss_and_gradient(std::span<const Scalar> params, Samples x, std::span<const std::int32_t> y,
                           std::span<Scalar> grad);
  Scalar loss_and_gradient(std::span<const Scalar> params, Samples x, std::span<const std::int32_t> y,
                           std::span<const std::int32_t> rows, std::span<Scalar> grad);

  // Mean loss and accuracy over every row of x: per-sample losses summed in
  // double, lane i of 16 taking samples i, i + 16, ..., then the fixed tree.
  Evaluation evaluate(std::span<const Scalar> params, Samples x, std::span<const std::int32_t> y);

  // The forward pass on the first rows of x (at most capacity()); the
  // logits are then logit(sample, class).
  void forward(std::span<const Scalar> params, Samples x);
  [[nodiscard]] Scalar logit(int sample, int cls) const noexcept {
    return workspace_.outputs[layers_.size() - 1][static_cast<std::size_t>(cls) * stride_ + sample];
  }

 private:
  struct FreeAligned {
    void operator()(Scalar* p) const noexcept;
  };
  // The batch source of x's rows with labels y (checked: as many as rows).
  BatchSource<Scalar> source(Samples x, std::span<const std::int32_t> y) const;
  BatchSource<Scalar> unlabelled_source(Samples x, std::span<const std::int32_t> y) const;

  std::vector<LayerLayout> layers_;
  std::vector<LayerShape> shapes_;
  std::size_t num_parameters_ = 0;
  int capacity_ = 0;
  std::size_t stride_ = 0;
  Isa isa_ = Isa::baseline;
  const Kernels<Scalar>* kernels_ = nullptr;
  std::unique_ptr<Scalar[], FreeAligned> buffer_;  // every per-sample array, 64-byte aligned rows
  std::vector<std::int32_t> labels_;
  std::vector<Scalar*> outputs_;
  std::vector<Scalar*> pre_activations_;
  Workspace<Scalar> workspace_;
};

extern template class Mlp<float>;
extern template class Mlp<double>;

}  // namespace lrbench::model
