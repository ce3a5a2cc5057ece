// The kernels on every instruction set this CPU supports reproduce the
// documented arithmetic (reference_model.cpp) bit for bit: training steps
// and evaluations of thin, wide and deep networks, every activation, batches
// that do not fill the last 16-lane vector, and evaluation in chunks.
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "model/isa.hpp"
#include "model/mlp.hpp"
#include "reference_model.hpp"

namespace lrbench::model {
namespace {

struct Case {
  const char* name;
  int inputs;
  ModelSpec spec;
  int batch;
};

std::vector<Case> cases() {
  return {
      {"study", 2, {{{50, Activation::relu, Init::he_uniform}, {3, Activation::softmax, Init::glorot_uniform}}}, 32},
      {"study-last-batch", 2, {{{50, Activation::relu, Init::he_uniform}, {3, Activation::softmax, Init::glorot_uniform}}}, 20},
      {"wide", 100, {{{40, Activation::gelu, Init::he_uniform}, {33, Activation::tanh, Init::glorot_uniform},
                      {10, Activation::softmax, Init::glorot_uniform}}}, 37},
      {"deep", 5, {{{9, Activation::leaky_relu, Init::he_uniform}, {8, Activation::sigmoid, Init::glorot_normal},
                    {7, Activation::linear, Init::lecun_uniform}, {17, Activation::relu, Init::he_normal},
                    {4, Activation::softmax, Init::lecun_normal}}}, 64},
      {"one-input", 1, {{{5, Activation::tanh, Init::he_uniform}, {2, Activation::softmax, Init::zeros}}}, 3},
      // One thin hidden layer: the fused kernels (fused.hpp), every activation and shape they take.
      {"fused-gelu", 3, {{{37, Activation::gelu, Init::he_uniform}, {4, Activation::softmax, Init::glorot_uniform}}}, 50},
      {"fused-sigmoid", 4, {{{16, Activation::sigmoid, Init::glorot_uniform}, {2, Activation::softmax, Init::glorot_uniform}}}, 16},
      {"fused-leaky", 2, {{{33, Activation::leaky_relu, Init::he_normal}, {2, Activation::softmax, Init::glorot_uniform}}}, 100},
      {"fused-linear", 1, {{{17, Activation::linear, Init::lecun_uniform}, {3, Activation::softmax, Init::glorot_uniform}}}, 70},
      // One hidden layer but five inputs: the layer-by-layer path.
      {"two-layers", 5, {{{20, Activation::relu, Init::he_uniform}, {3, Activation::softmax, Init::glorot_uniform}}}, 40},
  };
}

struct Data {
  Mlp<float>::Matrix x;
  std::vector<std::int32_t> y;
};

Data make_data(int rows, int features, int classes, std::uint64_t seed) {
  util::Rng rng(seed);
  Data d{Mlp<float>::Matrix(rows, features), std::vector<std::int32_t>(static_cast<std::size_t>(rows))};
  for (Eigen::Index i = 0; i < d.x.size(); ++i) d.x(i) = static_cast<float>(rng.normal(0.0, 2.0));
  for (auto& label : d.y) label = static_cast<std::int32_t>(rng.bounded(static_cast<std::uint64_t>(classes)));
  return d;
}

std::vector<float> parameters(const Mlp<float>& mlp, std::uint64_t seed) {
  std::vector<float> p(mlp.num_parameters());
  util::Rng rng(seed);
  initialize<float>(mlp.layers(), p, rng);
  for (float& v : p) v += static_cast<float>(0.1 * rng.normal());  // biases too
  return p;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(KernelOrder, TrainingStepsReproduceTheReferenceOnEveryIsa) {
  for (const Case& c : cases()) {
    const int classes = c.spec.layers.back().units;
    const Data data = make_data(c.batch, c.inputs, classes, 21);
    for (Isa isa : supported_isas()) {
      Mlp<float> mlp(c.inputs, c.spec, c.batch, isa);
      const std::vector<float> p = parameters(mlp, 4);
      std::vector<float> grad(p.size());
      std::vector<float> want(p.size());
      const float loss = mlp.loss_and_gradient(p, data.x, data.y, grad);
      const float want_loss = reference::loss_and_gradient(mlp.layers(), p, data.x, data.y, want);
      EXPECT_EQ(std::memcmp(&loss, &want_loss, sizeof loss), 0) << c.name << " on " << to_string(isa);
      EXPECT_TRUE(same_bits(grad, want)) << c.name << " on " << to_string(isa);
    }
  }
}

TEST(KernelOrder, EvaluationReproducesTheReferenceOnEveryIsaAndChunking) {
  for (const Case& c : cases()) {
    const int classes = c.spec.layers.back().units;
    const Data data = make_data(300, c.inputs, classes, 22);
    for (Isa isa : supported_isas()) {
      for (int capacity : {16, 37, 256, 300}) {
        Mlp<float> mlp(c.inputs, c.spec, capacity, isa);
        const std::vector<float> p = parameters(mlp, 5);
        const Evaluation got = mlp.evaluate(p, data.x, data.y);
        const Evaluation want = reference::evaluate(mlp.layers(), p, data.x, data.y);
        EXPECT_EQ(std::memcmp(&got.loss, &want.loss, sizeof(double)), 0)
            << c.name << " on " << to_string(isa) << ", capacity " << capacity << ": " << got.loss << " vs "
            << want.loss;
        EXPECT_EQ(got.accuracy, want.accuracy) << c.name << " on " << to_string(isa);
      }
    }
  }
}

TEST(KernelOrder, ThisMachineRunsEveryBuild) {
  // Not a requirement of lrbench, a note in the test log: which sets ran.
  std::string names;
  for (Isa isa : supported_isas()) names += std::string(to_string(isa)) + " ";
  std::cout << "kernels checked on: " << names << "\n";
  EXPECT_FALSE(supported_isas().empty());
}

}  // namespace
}  // namespace lrbench::model
