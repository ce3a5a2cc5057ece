#include "model/mlp.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace lrbench::model {
namespace {

ModelSpec study_model() {
  return ModelSpec{{{50, Activation::relu, Init::he_uniform}, {3, Activation::softmax, Init::glorot_uniform}}};
}

TEST(Layout, StudyModelHas303Parameters) {
  const auto layers = layout(2, study_model());
  ASSERT_EQ(layers.size(), 2U);
  EXPECT_EQ(layers[0].weights_offset, 0U);
  EXPECT_EQ(layers[0].bias_offset, 100U);
  EXPECT_EQ(layers[1].weights_offset, 150U);
  EXPECT_EQ(layers[1].bias_offset, 300U);
  EXPECT_EQ(Mlp<float>(2, study_model(), 32).num_parameters(), 303U);
}

TEST(Layout, RefusesMalformedModels) {
  EXPECT_THROW(layout(2, ModelSpec{}), std::invalid_argument);
  EXPECT_THROW(layout(2, ModelSpec{{{0, Activation::softmax, Init::zeros}}}), std::invalid_argument);
  EXPECT_THROW(layout(2, ModelSpec{{{3, Activation::relu, Init::zeros}}}), std::invalid_argument);
  EXPECT_THROW(layout(2, ModelSpec{{{3, Activation::softmax, Init::zeros}, {3, Activation::softmax, Init::zeros}}}),
               std::invalid_argument);
}

TEST(Initialize, UniformLimitsFollowKeras) {
  const auto layers = layout(2, study_model());
  std::vector<float> p(303);
  util::Rng rng(7);
  initialize<float>(layers, p, rng);
  const float he = std::sqrt(6.0F / 2.0F);
  const float glorot = std::sqrt(6.0F / 53.0F);
  float he_max = 0, glorot_max = 0;
  for (int i = 0; i < 100; ++i) he_max = std::max(he_max, std::abs(p[i]));
  for (int i = 150; i < 300; ++i) glorot_max = std::max(glorot_max, std::abs(p[i]));
  EXPECT_LE(he_max, he);
  EXPECT_GT(he_max, 0.8F * he);  // 100 draws come close to the limit
  EXPECT_LE(glorot_max, glorot);
  EXPECT_GT(glorot_max, 0.8F * glorot);
  for (int i = 100; i < 150; ++i) EXPECT_EQ(p[i], 0.0F) << "bias " << i;
  for (int i = 300; i < 303; ++i) EXPECT_EQ(p[i], 0.0F) << "bias " << i;
}

TEST(Initialize, TruncatedNormalsStayWithinTwoStd) {
  const ModelSpec spec{{{400, Activation::tanh, Init::he_normal}, {3, Activation::softmax, Init::glorot_normal}}};
  const auto layers = layout(10, spec);
  std::vector<double> p(layers.back().bias_offset + 3);
  util::Rng rng(3);
  initialize<double>(layers, p, rng);
  const double s = std::sqrt(2.0 / 10.0) / 0.87962566103423978;
  double sum2 = 0;
  for (int i = 0; i < 4000; ++i) {
    EXPECT_LE(std::abs(p[i]), 2 * s + 1e-12);
    sum2 += p[i] * p[i];
  }
  // The truncation correction restores the intended variance 2 / fan_in.
  EXPECT_NEAR(sum2 / 4000, 2.0 / 10.0, 0.02);
}

// Backpropagation against central finite differences, in double precision,
// for every activation and a batch with repeated labels.
class GradientCheck : public ::testing::TestWithParam<Activation> {};

TEST_P(GradientCheck, BackpropMatchesFiniteDifferences) {
  const ModelSpec spec{{{7, GetParam(), Init::glorot_uniform},
                        {5, GetParam(), Init::he_uniform},
                        {4, Activation::softmax, Init::glorot_normal}}};
  Mlp<double> mlp(3, spec, 6);
  std::vector<double> p(mlp.num_parameters());
  util::Rng rng(11);
  initialize<double>(mlp.layers(), p, rng);
  for (std::size_t i = 0; i < p.size(); ++i) p[i] += 0.05 * rng.normal();  // nonzero biases too
  Eigen::MatrixXd x(6, 3);  // six samples as rows
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = rng.normal();
  const std::vector<std::int32_t> y{0, 3, 1, 3, 2, 0};

  std::vector<double> grad(p.size());
  mlp.loss_and_gradient(p, x, y, grad);
  std::vector<double> scratch(p.size());
  const double h = 1e-6;
  for (std::size_t i = 0; i < p.size(); ++i) {
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

// Layers at least 16 wide on both sides go through Eigen's blocked GEMM
// instead of lazy products: check that path the same way.
TEST(GradientCheckWide, BlockedGemmPathMatchesFiniteDifferences) {
  const ModelSpec spec{{{20, Activation::tanh, Init::glorot_uniform},
                        {18, Activation::relu, Init::he_uniform},
                        {3, Activation::softmax, Init::glorot_uniform}}};
  Mlp<double> mlp(4, spec, 9);
  ASSERT_FALSE(mlp.layers()[0].wide);
  ASSERT_TRUE(mlp.layers()[1].wide);
  std::vector<double> p(mlp.num_parameters());
  util::Rng rng(13);
  initialize<double>(mlp.layers(), p, rng);
  for (auto& v : p) v += 0.05 * rng.normal();
  Eigen::MatrixXd x(9, 4);
  for (Eigen::Index i = 0; i < x.size(); ++i) x(i) = rng.normal();
  const std::vector<std::int32_t> y{0, 2, 1, 1, 2, 0, 0, 1, 2};
  std::vector<double> grad(p.size());
  std::vector<double> scratch(p.size());
  mlp.loss_and_gradient(p, x, y, grad);
  for (std::size_t i = 0; i < p.size(); i += 7) {
    const double keep = p[i];
    p[i] = keep + 1e-6;
    const double up = mlp.loss_and_gradient(p, x, y, scratch);
    p[i] = keep - 1e-6;
    const double down = mlp.loss_and_gradient(p, x, y, scratch);
    p[i] = keep;
    const double numeric = (up - down) / 2e-6;
    EXPECT_NEAR(grad[i], numeric, 1e-7 + 1e-5 * std::abs(numeric)) << "parameter " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Activations, GradientCheck,
                         ::testing::Values(Activation::relu, Activation::tanh, Activation::sigmoid,
                                           Activation::linear));

TEST(Loss, StableForHugeLogitsAndMatchesEvaluate) {
  const ModelSpec spec{{{2, Activation::softmax, Init::zeros}}};
  Mlp<float> mlp(1, spec, 2);
  // W = [1000, -1000], b = 0: logits ±1000·x would overflow a naive exp.
  std::vector<float> p{1000.0F, -1000.0F, 0.0F, 0.0F};
  Eigen::MatrixXf x(2, 1);
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

TEST(Evaluate, ChunksGiveTheSameResultAsOneBlock) {
  Mlp<float> small(2, study_model(), 7);
  Mlp<float> large(2, study_model(), 100);
  std::vector<float> p(small.num_parameters());
  util::Rng rng(5);
  initialize<float>(small.layers(), p, rng);
  Eigen::MatrixXf x(100, 2);
  std::vector<std::int32_t> y(100);
  for (int j = 0; j < 100; ++j) {
    x(j, 0) = static_cast<float>(rng.normal());
    x(j, 1) = static_cast<float>(rng.normal());
    y[j] = j % 3;
  }
  const Evaluation a = small.evaluate(p, x, y);
  const Evaluation b = large.evaluate(p, x, y);
  EXPECT_NEAR(a.loss, b.loss, 1e-6);  // GEMM blocking may differ with the width
  EXPECT_DOUBLE_EQ(a.accuracy, b.accuracy);
}

}  // namespace
}  // namespace lrbench::model
