// Backpropagation against central finite differences, in double precision:
// every activation, deep and wide networks, batches that do not fill the
// last 16-lane vector, and the two ways of passing a batch.
#include <cmath>
#include <numeric>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "model/mlp.hpp"

namespace lrbench::model {
namespace {

struct Problem {
  ModelSpec spec;
  int inputs;
  int batch;
  int classes;
};

// Gradient of the mean loss against (L(p + h) − L(p − h)) / 2h for every
// `every`-th parameter.
void expect_gradient_matches(const Problem& problem, std::uint64_t seed, std::size_t every) {
  Mlp<double> mlp(problem.inputs, problem.spec, problem.batch);
  std::vector<double> p(mlp.num_parameters());
  util::Rng rng(seed);
  initialize<double>(mlp.layers(), p, rng);
  for (double& v : p) v += 0.05 * rng.normal();  // nonzero biases too
  Mlp<double>::Matrix x(problem.batch, problem.inputs);  // samples as rows
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = rng.normal();
  std::vector<std::int32_t> y(static_cast<std::size_t>(problem.batch));
  for (std::size_t j = 0; j < y.size(); ++j) y[j] = static_cast<std::int32_t>((j * 7 + 3) % problem.classes);

  std::vector<double> grad(p.size());
  mlp.loss_and_gradient(p, x, y, grad);
  std::vector<double> scratch(p.size());
  const double h = 1e-6;
  for (std::size_t i = 0; i < p.size(); i += every) {
    const double keep = p[i];
    p[i] = keep + h;
    const double up = mlp.loss_and_gradient(p, x, y, scratch);
    p[i] = keep - h;
    const double down = mlp.loss_and_gradient(p, x, y, scratch);
    p[i] = keep;
    const double numeric = (up - down) / (2 * h);
    EXPECT_NEAR(grad[i], numeric, 1e-7 + 1e-5 * std::abs(numeric)) << "parameter " << i;
  }
}

class GradientCheck : public ::testing::TestWithParam<Activation> {};

TEST_P(GradientCheck, BackpropMatchesFiniteDifferences) {
  const Activation f = GetParam();
  const Problem problem{{{{7, f, Init::glorot_uniform}, {5, f, Init::he_uniform}, {4, Activation::softmax, Init::glorot_normal}}},
                        3, 6, 4};
  expect_gradient_matches(problem, 11, 1);
}

// One thin hidden layer, the shape the fused kernels take. In double it runs
// the layer-by-layer passes (the fused kernels are float only); the fused
// float kernels reproduce those bit for bit (kernel_order_test.cpp).
TEST_P(GradientCheck, FusedThinNetworkMatchesFiniteDifferences) {
  const Activation f = GetParam();
  const Problem problem{{{{9, f, Init::glorot_uniform}, {4, Activation::softmax, Init::glorot_normal}}}, 3, 21, 4};
  expect_gradient_matches(problem, 19, 1);
}

INSTANTIATE_TEST_SUITE_P(Activations, GradientCheck,
                         ::testing::Values(Activation::relu, Activation::leaky_relu, Activation::tanh,
                                           Activation::sigmoid, Activation::gelu, Activation::linear),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// Wide layers (hundreds of inputs, tens of units, register tiles full and
// partial), a batch of 37 (three lane vectors, the last with 5 samples).
TEST(GradientCheckWide, WideLayersMatchFiniteDifferences) {
  const Problem problem{{{{40, Activation::tanh, Init::glorot_uniform},
                          {33, Activation::gelu, Init::he_uniform},
                          {10, Activation::softmax, Init::glorot_uniform}}},
                        130, 37, 10};
  expect_gradient_matches(problem, 13, 7);
}

// Five hidden layers of mixed activations.
TEST(GradientCheckDeep, DeepNetworkMatchesFiniteDifferences) {
  const Problem problem{{{{9, Activation::relu, Init::he_uniform},
                          {8, Activation::gelu, Init::he_normal},
                          {7, Activation::sigmoid, Init::glorot_uniform},
                          {6, Activation::leaky_relu, Init::lecun_uniform},
                          {5, Activation::tanh, Init::lecun_normal},
                          {3, Activation::softmax, Init::glorot_uniform}}},
                        4, 17, 3};
  expect_gradient_matches(problem, 17, 1);
}

// Rows picked by index give exactly what the same rows copied out do.
TEST(Batches, RowIndicesEqualCopiedRows) {
  const ModelSpec spec{{{20, Activation::relu, Init::he_uniform}, {3, Activation::softmax, Init::glorot_uniform}}};
  Mlp<float> mlp(5, spec, 32);
  std::vector<float> p(mlp.num_parameters());
  util::Rng rng(3);
  initialize<float>(mlp.layers(), p, rng);
  Mlp<float>::Matrix all(100, 5);
  for (Eigen::Index i = 0; i < all.size(); ++i) all(i) = static_cast<float>(rng.normal());
  std::vector<std::int32_t> labels(100);
  for (int i = 0; i < 100; ++i) labels[static_cast<std::size_t>(i)] = i % 3;
  const std::vector<std::int32_t> rows{97, 3, 50, 50, 12, 0, 99, 64, 31, 8, 77, 41, 23, 5, 88, 60, 14, 2, 71, 36};
  Mlp<float>::Matrix copied(static_cast<Eigen::Index>(rows.size()), 5);
  std::vector<std::int32_t> copied_labels;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    copied.row(static_cast<Eigen::Index>(i)) = all.row(rows[i]);
    copied_labels.push_back(labels[static_cast<std::size_t>(rows[i])]);
  }
  std::vector<float> g1(p.size());
  std::vector<float> g2(p.size());
  const float l1 = mlp.loss_and_gradient(p, all, labels, rows, g1);
  const float l2 = mlp.loss_and_gradient(p, copied, copied_labels, g2);
  EXPECT_EQ(l1, l2);
  EXPECT_EQ(g1, g2);
  // A block of consecutive rows (a view with the whole matrix's row
  // stride) gives what the same rows picked by index give.
  std::vector<std::int32_t> block_rows(20);
  std::iota(block_rows.begin(), block_rows.end(), 40);
  const float l3 = mlp.loss_and_gradient(p, all.middleRows(40, 20), std::span(labels).subspan(40), g1);
  const float l4 = mlp.loss_and_gradient(p, all, labels, block_rows, g2);
  EXPECT_EQ(l3, l4);
  EXPECT_EQ(g1, g2);
}

TEST(Loss, StableForHugeLogitsAndMatchesEvaluate) {
  const ModelSpec spec{{{2, Activation::softmax, Init::zeros}}};
  Mlp<float> mlp(1, spec, 2);
  // W = [1000, -1000], b = 0: logits ±1000·x would overflow a naive exp.
  std::vector<float> p{1000.0F, -1000.0F, 0.0F, 0.0F};
  Mlp<float>::Matrix x(2, 1);
  x << 1.0F, 1.0F;
  const std::vector<std::int32_t> y{0, 1};
  std::vector<float> g(4);
  const float loss = mlp.loss_and_gradient(p, x, y, g);
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_NEAR(loss, 1000.0F, 1e-2F);  // (0 + 2000) / 2
  const Evaluation e = mlp.evaluate(p, x, y);
  EXPECT_NEAR(e.loss, 1000.0, 1e-2);
  EXPECT_DOUBLE_EQ(e.accuracy, 0.5);
}

TEST(Loss, RefusesBatchesLargerThanTheCapacity) {
  const ModelSpec spec{{{3, Activation::softmax, Init::zeros}}};
  Mlp<float> mlp(2, spec, 4);
  std::vector<float> p(mlp.num_parameters());
  std::vector<float> g(p.size());
  const Mlp<float>::Matrix x = Mlp<float>::Matrix::Zero(20, 2);  // 20 rows, capacity 4
  const std::vector<std::int32_t> y(20, 0);
  EXPECT_THROW(mlp.loss_and_gradient(p, x, y, g), std::invalid_argument);
}

}  // namespace
}  // namespace lrbench::model
