#include "model/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace lrbench::model {

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
    LayerLayout layer{fan_in, s.units, s.activation, s.init, offset, 0};
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
    z_.emplace_back(layer.units, capacity_);
    a_.emplace_back(layer.units, capacity_);
    widest = std::max(widest, layer.units);
  }
  delta_.resize(widest, capacity_);
  delta_prev_.resize(widest, capacity_);
}

namespace {

template <class Scalar>
using Map = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>>;
template <class Scalar>
using MutableMap = Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>>;
template <class Scalar>
using VectorMap = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, 1>>;
template <class Scalar>
using MutableVectorMap = Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, 1>>;

// a = f(z) for the hidden activations.
template <class Z, class A>
void activate(Activation f, const Z& z, A&& a) {
  using Scalar = typename Z::Scalar;
  switch (f) {
    case Activation::relu: a = z.cwiseMax(Scalar(0)); break;
    case Activation::tanh: a = z.array().tanh().matrix(); break;
    case Activation::sigmoid: a = (Scalar(1) / (Scalar(1) + (-z.array()).exp())).matrix(); break;
    case Activation::linear:
    case Activation::softmax: a = z; break;  // softmax is fused into the loss
  }
}

// delta ⊙= f'(z), written in terms of z and a = f(z):
// relu' = [z > 0], tanh' = 1 - a², sigmoid' = a(1 - a), linear' = 1.
template <class Z, class A, class D>
void backprop_activation(Activation f, const Z& z, const A& a, D&& delta) {
  using Scalar = typename Z::Scalar;
  switch (f) {
    case Activation::relu: delta = (z.array() > Scalar(0)).select(delta, Scalar(0)); break;
    case Activation::tanh: delta.array() *= Scalar(1) - a.array().square(); break;
    case Activation::sigmoid: delta.array() *= a.array() * (Scalar(1) - a.array()); break;
    case Activation::linear:
    case Activation::softmax: break;
  }
}

}  // namespace

template <class Scalar>
void Mlp<Scalar>::forward(std::span<const Scalar> params, const ConstMatrixRef& x) {
  const Eigen::Index batch = x.cols();
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerLayout& layer = layers_[l];
    const Map<Scalar> w(params.data() + layer.weights_offset, layer.units, layer.inputs);
    const VectorMap<Scalar> b(params.data() + layer.bias_offset, layer.units);
    auto z = z_[l].leftCols(batch);
    if (l == 0) {
      z.noalias() = w * x;
    } else {
      z.noalias() = w * a_[l - 1].leftCols(batch);
    }
    z.colwise() += b;
    if (l + 1 < layers_.size()) activate(layer.activation, z, a_[l].leftCols(batch));
  }
}

template <class Scalar>
Scalar Mlp<Scalar>::loss_and_gradient(std::span<const Scalar> params, const ConstMatrixRef& x,
                                      std::span<const std::int32_t> y, std::span<Scalar> grad) {
  const Eigen::Index batch = x.cols();
  if (batch > capacity_) throw std::invalid_argument("batch larger than the model's capacity");
  forward(params, x);

  // Softmax cross-entropy, fused: delta = (softmax(z) - onehot(y)) / batch.
  const std::size_t last = layers_.size() - 1;
  const int classes = layers_[last].units;
  auto z = z_[last].leftCols(batch);
  auto delta = delta_.topLeftCorner(classes, batch);
  Scalar loss_sum = 0;
  const Scalar inv_batch = Scalar(1) / static_cast<Scalar>(batch);
  for (Eigen::Index j = 0; j < batch; ++j) {
    const Scalar m = z.col(j).maxCoeff();
    delta.col(j) = (z.col(j).array() - m).exp().matrix();
    const Scalar sum = delta.col(j).sum();
    const Scalar label_logit = z(y[static_cast<std::size_t>(j)], j);
    loss_sum += m + std::log(sum) - label_logit;
    delta.col(j) *= inv_batch / sum;
    delta(y[static_cast<std::size_t>(j)], j) -= inv_batch;
  }

  // Back through the layers: dW = delta · a_prevᵀ, db = Σ_columns delta,
  // delta_prev = (Wᵀ · delta) ⊙ f'(z_prev).
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const LayerLayout& layer = layers_[l];
    auto d = delta_.topLeftCorner(layer.units, batch);
    MutableMap<Scalar> dw(grad.data() + layer.weights_offset, layer.units, layer.inputs);
    MutableVectorMap<Scalar> db(grad.data() + layer.bias_offset, layer.units);
    if (l == 0) {
      dw.noalias() = d * x.transpose();
    } else {
      dw.noalias() = d * a_[l - 1].leftCols(batch).transpose();
    }
    db.noalias() = d.rowwise().sum();
    if (l == 0) break;
    const Map<Scalar> w(params.data() + layer.weights_offset, layer.units, layer.inputs);
    auto d_prev = delta_prev_.topLeftCorner(layer.inputs, batch);
    d_prev.noalias() = w.transpose() * d;
    backprop_activation(layers_[l - 1].activation, z_[l - 1].leftCols(batch), a_[l - 1].leftCols(batch), d_prev);
    delta_.swap(delta_prev_);  // the layer below's delta becomes the current one
  }
  return loss_sum * inv_batch;
}

template <class Scalar>
Evaluation Mlp<Scalar>::evaluate(std::span<const Scalar> params, const ConstMatrixRef& x,
                                 std::span<const std::int32_t> y) {
  const Eigen::Index n = x.cols();
  double loss_sum = 0.0;
  Eigen::Index correct = 0;
  const std::size_t last = layers_.size() - 1;
  for (Eigen::Index start = 0; start < n; start += capacity_) {
    const Eigen::Index count = std::min<Eigen::Index>(capacity_, n - start);
    forward(params, x.middleCols(start, count));
    const auto z = z_[last].leftCols(count);
    for (Eigen::Index j = 0; j < count; ++j) {
      Eigen::Index predicted = 0;
      const Scalar m = z.col(j).maxCoeff(&predicted);
      const std::int32_t label = y[static_cast<std::size_t>(start + j)];
      loss_sum += static_cast<double>(m + std::log((z.col(j).array() - m).exp().sum()) - z(label, j));
      correct += predicted == label ? 1 : 0;
    }
  }
  return {loss_sum / static_cast<double>(n), static_cast<double>(correct) / static_cast<double>(n)};
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace lrbench::model
