#include "model/mlp.hpp"

#include "model/kernels.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace lrbench::model {

namespace {

// Layers this wide on both sides go through Eigen's blocked GEMM; thinner
// ones through coefficient-based (lazy) products that vectorise along the
// batch and never pack or zero a destination.
constexpr int kWideLayer = 16;

}  // namespace

std::vector<LayerLayout> layout(int inputs, const ModelSpec& spec) {
  if (inputs < 1) throw std::invalid_argument("the model needs at least one input feature");
  if (spec.layers.empty()) throw std::invalid_argument("the model needs at least one layer");
  std::vector<LayerLayout> layers;
  std::size_t offset = 0;
  int fan_in = inputs;
  for (std::size_t l = 0; l < spec.layers.size(); ++l) {
    const LayerSpec& s = spec.layers[l];
    const bool last = l + 1 == spec.layers.size();
    if (s.units < 1) throw std::invalid_argument("layer " + std::to_string(l + 1) + " needs at least one unit");
    if (last != (s.activation == Activation::softmax)) {
      throw std::invalid_argument(last ? "the last layer must be softmax (fused with cross-entropy)"
                                       : "softmax is only allowed on the last layer");
    }
    LayerLayout layer{fan_in, s.units, s.activation, s.init, offset, 0, fan_in >= kWideLayer && s.units >= kWideLayer};
    offset += static_cast<std::size_t>(fan_in) * static_cast<std::size_t>(s.units);
    layer.bias_offset = offset;
    offset += static_cast<std::size_t>(s.units);
    layers.push_back(layer);
    fan_in = s.units;
  }
  return layers;
}

namespace {

// The standard deviation of a unit normal truncated to [-2, 2]; Keras's
// truncated-normal initialisers divide by it to keep the intended variance.
constexpr double kTruncatedNormalStd = 0.87962566103423978;

double truncated_normal(util::Rng& rng, double stddev) {
  while (true) {
    const double z = rng.normal();
    if (z >= -2.0 && z <= 2.0) return z * stddev;
  }
}

}  // namespace

template <class Scalar>
void initialize(std::span<const LayerLayout> layers, std::span<Scalar> params, util::Rng& rng) {
  std::fill(params.begin(), params.end(), Scalar(0));
  for (const LayerLayout& layer : layers) {
    const double fan_in = layer.inputs;
    const double fan_out = layer.units;
    const std::size_t count = static_cast<std::size_t>(layer.inputs) * static_cast<std::size_t>(layer.units);
    Scalar* w = params.data() + layer.weights_offset;
    switch (layer.init) {
      case Init::zeros: break;
      case Init::he_uniform:
      case Init::glorot_uniform: {
        const double limit = layer.init == Init::he_uniform ? std::sqrt(6.0 / fan_in)
                                                            : std::sqrt(6.0 / (fan_in + fan_out));
        for (std::size_t i = 0; i < count; ++i) w[i] = static_cast<Scalar>(rng.uniform(-limit, limit));
        break;
      }
      case Init::he_normal:
      case Init::glorot_normal: {
        const double variance = layer.init == Init::he_normal ? 2.0 / fan_in : 2.0 / (fan_in + fan_out);
        const double stddev = std::sqrt(variance) / kTruncatedNormalStd;
        for (std::size_t i = 0; i < count; ++i) w[i] = static_cast<Scalar>(truncated_normal(rng, stddev));
        break;
      }
    }
  }
}

template void initialize<float>(std::span<const LayerLayout>, std::span<float>, util::Rng&);
template void initialize<double>(std::span<const LayerLayout>, std::span<double>, util::Rng&);

template <class Scalar>
Mlp<Scalar>::Mlp(int inputs, const ModelSpec& spec, int capacity)
    : layers_(layout(inputs, spec)), capacity_(std::max(capacity, 1)) {
  const LayerLayout& last = layers_.back();
  num_parameters_ = last.bias_offset + static_cast<std::size_t>(last.units);
  int widest = inputs;
  for (const LayerLayout& layer : layers_) {
    a_.emplace_back(capacity_, layer.units);
    widest = std::max(widest, layer.units);
  }
  probs_.resize(capacity_, last.units);
  exp_sum_.resize(capacity_);
  lse_.resize(capacity_);
  delta_.resize(capacity_, widest);
  delta_prev_.resize(capacity_, widest);
}

namespace {

template <class Scalar>
using Map = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>>;
template <class Scalar>
using MutableMap = Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>>;
template <class Scalar>
using StridedMap = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>, 0, Eigen::OuterStride<>>;
template <class Scalar>
using RowMap = Eigen::Map<const Eigen::Matrix<Scalar, 1, Eigen::Dynamic>>;
template <class Scalar>
using MutableRowMap = Eigen::Map<Eigen::Matrix<Scalar, 1, Eigen::Dynamic>>;

// A = f(A) in place, for the activations not fused into the kernel.
template <class A>
void activate_in_place(Activation f, A&& a) {
  using Scalar = typename std::decay_t<A>::Scalar;
  switch (f) {
    case Activation::relu: a = a.cwiseMax(Scalar(0)); break;
    case Activation::tanh: a = a.array().tanh().matrix(); break;
    case Activation::sigmoid: a = (Scalar(1) / (Scalar(1) + (-a.array()).exp())).matrix(); break;
    case Activation::linear:
    case Activation::softmax: break;  // softmax is fused into the loss
  }
}

// delta ⊙= f'(z), written in terms of the layer's output a = f(z), so the
// pre-activations need not be kept: relu' = [a > 0] (= [z > 0]),
// tanh' = 1 - a², sigmoid' = a(1 - a), linear' = 1.
template <class A, class D>
void backprop_activation(Activation f, const A& a, D&& delta) {
  using Scalar = typename A::Scalar;
  switch (f) {
    case Activation::relu: delta = (a.array() > Scalar(0)).select(delta, Scalar(0)); break;
    case Activation::tanh: delta.array() *= Scalar(1) - a.array().square(); break;
    case Activation::sigmoid: delta.array() *= a.array() * (Scalar(1) - a.array()); break;
    case Activation::linear:
    case Activation::softmax: break;
  }
}

}  // namespace

template <class Scalar>
void Mlp<Scalar>::forward(std::span<const Scalar> params, const ConstMatrixRef& x) {
  const Eigen::Index batch = x.rows();
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerLayout& layer = layers_[l];
    const Map<Scalar> wt(params.data() + layer.weights_offset, layer.inputs, layer.units);
    const RowMap<Scalar> b(params.data() + layer.bias_offset, layer.units);
    const Scalar* in = l == 0 ? x.data() : a_[l - 1].data();
    const Eigen::Index ld_in = l == 0 ? x.outerStride() : a_[l - 1].outerStride();
    auto out = a_[l].topRows(batch);
    if (layer.wide) {
      out.noalias() = StridedMap<Scalar>(in, batch, layer.inputs, Eigen::OuterStride<>(ld_in)) * wt;
      out.rowwise() += b;
      activate_in_place(layer.activation, out);
    } else if (layer.activation == Activation::relu) {
      kernels::affine<kernels::Epilogue::relu>(in, ld_in, wt.data(), 1, layer.inputs, b.data(), a_[l].data(),
                                               a_[l].outerStride(), batch, layer.inputs, layer.units);
    } else {
      kernels::affine(in, ld_in, wt.data(), 1, layer.inputs, b.data(), a_[l].data(), a_[l].outerStride(), batch,
                      layer.inputs, layer.units);
      activate_in_place(layer.activation, out);
    }
  }
}

template <class Scalar>
void Mlp<Scalar>::log_softmax_terms(Eigen::Index batch) {
  // Column by column: each column of a row block is contiguous, so every
  // step below is a vectorised pass along the batch.
  const auto z = a_.back().topRows(batch);
  const Eigen::Index classes = z.cols();
  auto lse = lse_.head(batch);
  lse = z.col(0);
  for (Eigen::Index c = 1; c < classes; ++c) lse = lse.cwiseMax(z.col(c));
  auto sum = exp_sum_.head(batch);
  for (Eigen::Index c = 0; c < classes; ++c) {
    probs_.col(c).head(batch) = (z.col(c) - lse).array().exp().matrix();
    if (c == 0) {
      sum = probs_.col(0).head(batch);
    } else {
      sum += probs_.col(c).head(batch);
    }
  }
  lse.array() += sum.array().log();
}

template <class Scalar>
Scalar Mlp<Scalar>::loss_and_gradient(std::span<const Scalar> params, const ConstMatrixRef& x,
                                      std::span<const std::int32_t> y, std::span<Scalar> grad) {
  const Eigen::Index batch = x.rows();
  if (batch > capacity_) throw std::invalid_argument("batch larger than the model's capacity");
  forward(params, x);
  log_softmax_terms(batch);

  // delta = (softmax(z) - onehot(y)) / batch, softmax_c = exp(z_c - m) / Σ.
  const std::size_t last = layers_.size() - 1;
  const int classes = layers_[last].units;
  const auto z = a_[last].topRows(batch);
  auto delta = delta_.topLeftCorner(batch, classes);
  const Scalar inv_batch = Scalar(1) / static_cast<Scalar>(batch);
  auto scale = exp_sum_.head(batch);
  scale = (scale.array().inverse() * inv_batch).matrix();
  for (Eigen::Index c = 0; c < classes; ++c) {
    delta.col(c) = probs_.col(c).head(batch).cwiseProduct(scale);
  }
  Scalar loss_sum = lse_.head(batch).sum();
  for (Eigen::Index j = 0; j < batch; ++j) {
    const std::int32_t label = y[static_cast<std::size_t>(j)];
    loss_sum -= z(j, label);
    delta(j, label) -= inv_batch;
  }

  // Back through the layers: dWt = A_prevᵀ · delta, db = Σ_rows delta,
  // delta_prev = (delta · Wtᵀ) ⊙ f'(A_prev).
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const LayerLayout& layer = layers_[l];
    const auto d = delta_.topLeftCorner(batch, layer.units);
    MutableMap<Scalar> dwt(grad.data() + layer.weights_offset, layer.inputs, layer.units);
    MutableRowMap<Scalar> db(grad.data() + layer.bias_offset, layer.units);
    const StridedMap<Scalar> a_prev = l == 0 ? StridedMap<Scalar>(x.data(), batch, layer.inputs,
                                                                  Eigen::OuterStride<>(x.outerStride()))
                                             : StridedMap<Scalar>(a_[l - 1].data(), batch, layer.inputs,
                                                                  Eigen::OuterStride<>(a_[l - 1].outerStride()));
    if (layer.wide) {
      dwt.noalias() = a_prev.transpose() * d;
    } else {
      // Thin layers: each gradient entry is a batch-long dot product.
      kernels::transposed_product(a_prev.data(), a_prev.outerStride(), d.data(), delta_.outerStride(), dwt.data(),
                                  layer.inputs, batch, layer.inputs, layer.units);
    }
    db.noalias() = d.colwise().sum();
    if (l == 0) break;
    const Map<Scalar> wt(params.data() + layer.weights_offset, layer.inputs, layer.units);
    auto d_prev = delta_prev_.topLeftCorner(batch, layer.inputs);
    if (layer.wide) {
      d_prev.noalias() = d * wt.transpose();
    } else {
      kernels::affine<kernels::Epilogue::none, Scalar>(delta_.data(), delta_.outerStride(), wt.data(), layer.inputs,
                                                       1, nullptr, delta_prev_.data(), delta_prev_.outerStride(),
                                                       batch, layer.units, layer.inputs);
    }
    backprop_activation(layers_[l - 1].activation, a_[l - 1].topRows(batch), d_prev);
    delta_.swap(delta_prev_);  // the layer below's delta becomes the current one
  }
  return loss_sum * inv_batch;
}

template <class Scalar>
Evaluation Mlp<Scalar>::evaluate(std::span<const Scalar> params, const ConstMatrixRef& x,
                                 std::span<const std::int32_t> y) {
  const Eigen::Index n = x.rows();
  double loss_sum = 0.0;
  Eigen::Index correct = 0;
  const std::size_t last = layers_.size() - 1;
  const int classes = layers_[last].units;
  for (Eigen::Index start = 0; start < n; start += capacity_) {
    const Eigen::Index count = std::min<Eigen::Index>(capacity_, n - start);
    forward(params, x.middleRows(start, count));
    log_softmax_terms(count);
    const auto z = a_[last].topRows(count);
    Scalar chunk_loss = lse_.head(count).sum();
    for (Eigen::Index j = 0; j < count; ++j) {
      const std::int32_t label = y[static_cast<std::size_t>(start + j)];
      chunk_loss -= z(j, label);
      // Predicted class: the first largest logit (numpy's argmax).
      int predicted = 0;
      for (int c = 1; c < classes; ++c) {
        if (z(j, c) > z(j, predicted)) predicted = c;
      }
      correct += predicted == label ? 1 : 0;
    }
    loss_sum += static_cast<double>(chunk_loss);
  }
  return {loss_sum / static_cast<double>(n), static_cast<double>(correct) / static_cast<double>(n)};
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace lrbench::model
