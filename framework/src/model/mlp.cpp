#include "model/mlp.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <type_traits>

#include "lrbench/math.hpp"

namespace lrbench::model {

namespace {

constexpr std::size_t kAlignment = 64;
constexpr std::size_t kLanes = 16;

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

template <class Scalar>
const Kernels<Scalar>& kernels_for(Isa isa) {
  if constexpr (std::is_same_v<Scalar, float>) {
    return kernels_f32(isa);
  } else {
    static_cast<void>(isa);
    return baseline_kernels_f64();
  }
}

}  // namespace

template <class Scalar>
void Mlp<Scalar>::FreeAligned::operator()(Scalar* p) const noexcept {
  std::free(p);
}

template <class Scalar>
Mlp<Scalar>::Mlp(int inputs, const ModelSpec& spec, int capacity)
    : Mlp(inputs, spec, capacity, std::is_same_v<Scalar, float> ? selected_isa() : Isa::baseline) {}

template <class Scalar>
Mlp<Scalar>::Mlp(int inputs, const ModelSpec& spec, int capacity, Isa isa)
    : layers_(layout(inputs, spec)),
      capacity_(std::max(capacity, 1)),
      stride_(round_up(static_cast<std::size_t>(capacity_), kLanes)),
      isa_(std::is_same_v<Scalar, float> ? isa : Isa::baseline),
      kernels_(&kernels_for<Scalar>(isa_)) {
  num_parameters_ = parameter_count(layers_);
  std::size_t widest = static_cast<std::size_t>(inputs);
  std::size_t rows = static_cast<std::size_t>(inputs);  // the input
  for (const LayerLayout& l : layers_) {
    shapes_.push_back({l.inputs, l.units, l.activation, l.weights_offset, l.bias_offset});
    widest = std::max(widest, static_cast<std::size_t>(l.units));
    rows += static_cast<std::size_t>(l.units) * (l.activation == Activation::gelu ? 2 : 1);
  }
  rows += 2 * widest;  // delta, delta_prev
  // Scratch of the fused two-layer kernels (engine.hpp's Workspace::scratch).
  const std::size_t scratch =
      layers_.size() == 2 ? static_cast<std::size_t>(layers_[1].units + inputs + 1) *
                                round_up(static_cast<std::size_t>(layers_[0].units), kLanes) * kLanes
                          : 0;
  const std::size_t values = rows * stride_ + scratch;
  const std::size_t bytes = round_up(values * sizeof(Scalar), kAlignment);
  buffer_.reset(static_cast<Scalar*>(std::aligned_alloc(kAlignment, bytes)));
  if (!buffer_) throw std::bad_alloc();
  std::fill(buffer_.get(), buffer_.get() + bytes / sizeof(Scalar), Scalar(0));

  Scalar* next = buffer_.get();
  auto take = [&](std::size_t n_rows) {
    Scalar* p = next;
    next += n_rows * stride_;
    return p;
  };
  workspace_.stride = static_cast<int>(stride_);
  workspace_.input = take(static_cast<std::size_t>(inputs));
  for (const LayerLayout& l : layers_) {
    outputs_.push_back(take(static_cast<std::size_t>(l.units)));
    pre_activations_.push_back(l.activation == Activation::gelu ? take(static_cast<std::size_t>(l.units)) : nullptr);
  }
  workspace_.delta = take(widest);
  workspace_.delta_prev = take(widest);
  workspace_.scratch = next;
  workspace_.outputs = outputs_.data();
  workspace_.pre_activations = pre_activations_.data();
  labels_.assign(stride_, 0);
  workspace_.labels = labels_.data();
}

template <class Scalar>
BatchSource<Scalar> Mlp<Scalar>::source(Samples x, std::span<const std::int32_t> y) const {
  if (x.cols != layers_.front().inputs) throw std::invalid_argument("input width differs from the model's");
  if (static_cast<Eigen::Index>(y.size()) < x.rows) throw std::invalid_argument("fewer labels than samples");
  return unlabelled_source(x, y);
}

template <class Scalar>
BatchSource<Scalar> Mlp<Scalar>::unlabelled_source(Samples x, std::span<const std::int32_t> y) const {
  if (x.cols != layers_.front().inputs) throw std::invalid_argument("input width differs from the model's");
  BatchSource<Scalar> b;
  b.x = x.data;
  b.row_stride = x.row_stride;
  b.features = static_cast<int>(x.cols);
  b.labels = y.data();
  return b;
}

template <class Scalar>
Scalar Mlp<Scalar>::loss_and_gradient(std::span<const Scalar> params, Samples x,
                                      std::span<const std::int32_t> y, std::span<Scalar> grad) {
  if (x.rows > capacity_) throw std::invalid_argument("batch larger than the model's capacity");
  BatchSource<Scalar> b = source(x, y);
  b.count = static_cast<int>(x.rows);
  return kernels_->train(shapes_.data(), static_cast<int>(shapes_.size()), params.data(), b, workspace_, grad.data());
}

template <class Scalar>
Scalar Mlp<Scalar>::loss_and_gradient(std::span<const Scalar> params, Samples x,
                                      std::span<const std::int32_t> y, std::span<const std::int32_t> rows,
                                      std::span<Scalar> grad) {
  if (static_cast<Eigen::Index>(rows.size()) > capacity_) {
    throw std::invalid_argument("batch larger than the model's capacity");
  }
  BatchSource<Scalar> b = source(x, y);
  b.rows = rows.data();
  b.count = static_cast<int>(rows.size());
  return kernels_->train(shapes_.data(), static_cast<int>(shapes_.size()), params.data(), b, workspace_, grad.data());
}

template <class Scalar>
Evaluation Mlp<Scalar>::evaluate(std::span<const Scalar> params, Samples x,
                                 std::span<const std::int32_t> y) {
  const Eigen::Index n = x.rows;
  if (n == 0) return {};
  BatchSource<Scalar> b = source(x, y);
  EvaluationSums sums;
  const auto chunk = static_cast<Eigen::Index>(stride_);
  for (Eigen::Index start = 0; start < n; start += chunk) {
    b.first = start;
    b.count = static_cast<int>(std::min(chunk, n - start));
    kernels_->evaluate(shapes_.data(), static_cast<int>(shapes_.size()), params.data(), b, workspace_, sums);
  }
  const double loss_sum = math::reduce_lanes(sums.loss_lanes);
  return {loss_sum / static_cast<double>(n), static_cast<double>(sums.correct) / static_cast<double>(n)};
}

template <class Scalar>
void Mlp<Scalar>::forward(std::span<const Scalar> params, Samples x) {
  if (x.rows > capacity_) throw std::invalid_argument("batch larger than the model's capacity");
  // The labels are only copied along (to the workspace's own array).
  BatchSource<Scalar> b = unlabelled_source(x, labels_);
  b.count = static_cast<int>(x.rows);
  kernels_->forward(shapes_.data(), static_cast<int>(shapes_.size()), params.data(), b, workspace_);
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace lrbench::model
