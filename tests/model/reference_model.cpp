#include "reference_model.hpp"

#include "lrbench/math.hpp"

namespace lrbench::model::reference {

namespace {

namespace m = lrbench::math;
namespace c = lrbench::math::coefficients;

constexpr int kLanes = 16;

// Rows of `padded` values (the batch rounded up to 16), feature-major.
using Rows = std::vector<std::vector<float>>;

float activate(Activation f, float z) {
  switch (f) {
    case Activation::relu: return z > 0.0F ? z : 0.0F;
    case Activation::leaky_relu: return z > 0.0F ? z : z * 0.01F;
    case Activation::tanh: return m::tanh(z);
    case Activation::sigmoid: return m::sigmoid(z);
    case Activation::gelu: return z * ((1.0F + m::erf(z * c::sqrt_half_f)) * 0.5F);
    case Activation::linear:
    case Activation::softmax: return z;
  }
  return z;
}

float times_derivative(Activation f, float d, float a, float z) {
  switch (f) {
    case Activation::relu: return a > 0.0F ? d : 0.0F;
    case Activation::leaky_relu: return a > 0.0F ? d : d * 0.01F;
    case Activation::tanh: return d * (1.0F - a * a);
    case Activation::sigmoid: return d * (a * (1.0F - a));
    case Activation::gelu: {
      const float cdf = (1.0F + m::erf(z * c::sqrt_half_f)) * 0.5F;
      const float pdf = m::exp(z * z * -0.5F) * c::inv_sqrt_2pi_f;
      return d * (cdf + z * pdf);
    }
    case Activation::linear:
    case Activation::softmax: return d;
  }
  return d;
}

// Lane i: terms i, i + 16, ... added in order from the first; then the tree.
template <class T>
T lane_tree(const std::vector<T>& terms, bool from_zero) {
  T lanes[kLanes] = {};
  for (std::size_t j = 0; j < terms.size(); ++j) {
    const std::size_t i = j % kLanes;
    lanes[i] = (j < kLanes && !from_zero) ? terms[j] : lanes[i] + terms[j];
  }
  return m::reduce_lanes(lanes);
}

struct Forward {
  Rows input;
  std::vector<Rows> z;  // per layer
  std::vector<Rows> a;  // per layer
};

Forward forward(std::span<const LayerLayout> layers, std::span<const float> p, const Mlp<float>::Matrix& x, int padded) {
  Forward fw;
  const int batch = static_cast<int>(x.rows());
  fw.input.assign(static_cast<std::size_t>(x.cols()), std::vector<float>(static_cast<std::size_t>(padded), 0.0F));
  for (int k = 0; k < x.cols(); ++k) {
    for (int j = 0; j < batch; ++j) fw.input[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)] = x(j, k);
  }
  const Rows* in = &fw.input;
  for (const LayerLayout& l : layers) {
    Rows z(static_cast<std::size_t>(l.units), std::vector<float>(static_cast<std::size_t>(padded)));
    Rows a = z;
    for (int u = 0; u < l.units; ++u) {
      for (int j = 0; j < padded; ++j) {
        float acc = p[l.bias_offset + static_cast<std::size_t>(u)];
        for (int k = 0; k < l.inputs; ++k) {
          acc = acc + p[l.weights_offset + static_cast<std::size_t>(u * l.inputs + k)] *
                          (*in)[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)];
        }
        z[static_cast<std::size_t>(u)][static_cast<std::size_t>(j)] = acc;
        a[static_cast<std::size_t>(u)][static_cast<std::size_t>(j)] = activate(l.activation, acc);
      }
    }
    fw.z.push_back(std::move(z));
    fw.a.push_back(std::move(a));
    in = &fw.a.back();
  }
  return fw;
}

struct SoftmaxSample {
  float loss;
  std::vector<float> e;
  float sum;
  int predicted;
};

SoftmaxSample softmax(const Rows& z, int j, int label) {
  const auto col = static_cast<std::size_t>(j);
  float mx = z[0][col];
  for (std::size_t cls = 1; cls < z.size(); ++cls) mx = z[cls][col] > mx ? z[cls][col] : mx;
  SoftmaxSample s{0.0F, {}, 0.0F, 0};
  for (std::size_t cls = 0; cls < z.size(); ++cls) {
    s.e.push_back(m::exp(z[cls][col] - mx));
    s.sum = cls == 0 ? s.e.back() : s.sum + s.e.back();
  }
  s.loss = (mx + m::log(s.sum)) - z[static_cast<std::size_t>(label)][col];
  float best = z[0][col];
  for (std::size_t cls = 1; cls < z.size(); ++cls) {
    if (z[cls][col] > best) {
      best = z[cls][col];
      s.predicted = static_cast<int>(cls);
    }
  }
  return s;
}

}  // namespace

float loss_and_gradient(std::span<const LayerLayout> layers, std::span<const float> p, const Mlp<float>::Matrix& x,
                        std::span<const std::int32_t> y, std::span<float> grad) {
  const int batch = static_cast<int>(x.rows());
  const int padded = (batch + kLanes - 1) / kLanes * kLanes;
  const Forward fw = forward(layers, p, x, padded);
  const float inv_batch = 1.0F / static_cast<float>(batch);
  const Rows& logits = fw.a.back();
  Rows delta(logits.size(), std::vector<float>(static_cast<std::size_t>(padded), 0.0F));
  std::vector<float> losses(static_cast<std::size_t>(padded), 0.0F);
  for (int j = 0; j < batch; ++j) {
    const int label = y[static_cast<std::size_t>(j)];
    const SoftmaxSample s = softmax(logits, j, label);
    losses[static_cast<std::size_t>(j)] = s.loss;
    const float scale = (1.0F / s.sum) * inv_batch;
    for (std::size_t cls = 0; cls < logits.size(); ++cls) {
      delta[cls][static_cast<std::size_t>(j)] =
          s.e[cls] * scale - (static_cast<int>(cls) == label ? inv_batch : 0.0F);
    }
  }
  const float loss = lane_tree(losses, false) * inv_batch;

  for (std::size_t l = layers.size(); l-- > 0;) {
    const LayerLayout& layer = layers[l];
    const Rows& in = l == 0 ? fw.input : fw.a[l - 1];
    for (int u = 0; u < layer.units; ++u) {
      const auto& d = delta[static_cast<std::size_t>(u)];
      for (int k = 0; k < layer.inputs; ++k) {
        std::vector<float> terms(static_cast<std::size_t>(padded));
        for (int j = 0; j < padded; ++j) {
          terms[static_cast<std::size_t>(j)] = d[static_cast<std::size_t>(j)] * in[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)];
        }
        grad[layer.weights_offset + static_cast<std::size_t>(u * layer.inputs + k)] = lane_tree(terms, false);
      }
      grad[layer.bias_offset + static_cast<std::size_t>(u)] = lane_tree(d, false);
    }
    if (l == 0) break;
    const LayerLayout& below = layers[l - 1];
    Rows prev(static_cast<std::size_t>(layer.inputs), std::vector<float>(static_cast<std::size_t>(padded)));
    for (int k = 0; k < layer.inputs; ++k) {
      for (int j = 0; j < padded; ++j) {
        float acc = 0.0F;
        for (int u = 0; u < layer.units; ++u) {
          const float term = p[layer.weights_offset + static_cast<std::size_t>(u * layer.inputs + k)] *
                             delta[static_cast<std::size_t>(u)][static_cast<std::size_t>(j)];
          acc = u == 0 ? term : acc + term;
        }
        const auto kk = static_cast<std::size_t>(k);
        const auto jj = static_cast<std::size_t>(j);
        prev[kk][jj] = times_derivative(below.activation, acc, fw.a[l - 1][kk][jj], fw.z[l - 1][kk][jj]);
      }
    }
    delta = std::move(prev);
  }
  return loss;
}

Evaluation evaluate(std::span<const LayerLayout> layers, std::span<const float> p, const Mlp<float>::Matrix& x,
                    std::span<const std::int32_t> y) {
  const int n = static_cast<int>(x.rows());
  const int padded = (n + kLanes - 1) / kLanes * kLanes;
  const Forward fw = forward(layers, p, x, padded);
  std::vector<double> losses;
  int correct = 0;
  for (int j = 0; j < n; ++j) {
    const SoftmaxSample s = softmax(fw.a.back(), j, y[static_cast<std::size_t>(j)]);
    losses.push_back(static_cast<double>(s.loss));
    correct += s.predicted == y[static_cast<std::size_t>(j)] ? 1 : 0;
  }
  return {lane_tree(losses, true) / n, static_cast<double>(correct) / n};
}

}  // namespace lrbench::model::reference
