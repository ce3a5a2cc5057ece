#include "model/layout.hpp"
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

TEST(Initialize, LecunUniformAndNormal) {
  const ModelSpec spec{{{300, Activation::gelu, Init::lecun_uniform}, {3, Activation::softmax, Init::lecun_normal}}};
  const auto layers = layout(8, spec);
  std::vector<double> p(parameter_count(layers));
  util::Rng rng(9);
  initialize<double>(layers, p, rng);
  const double limit = std::sqrt(3.0 / 8.0);
  double max_abs = 0.0;
  for (int i = 0; i < 2400; ++i) max_abs = std::max(max_abs, std::abs(p[i]));
  EXPECT_LE(max_abs, limit);
  EXPECT_GT(max_abs, 0.99 * limit);
  // Second layer: truncated normal with std sqrt(1/300) before truncation.
  const double s = std::sqrt(1.0 / 300.0) / 0.87962566103423978;
  double sum2 = 0.0;
  for (std::size_t i = layers[1].weights_offset; i < layers[1].bias_offset; ++i) {
    EXPECT_LE(std::abs(p[i]), 2 * s + 1e-12);
    sum2 += p[i] * p[i];
  }
  EXPECT_NEAR(sum2 / 900.0, 1.0 / 300.0, 0.0004);
}

TEST(Spec, NamesRoundTrip) {
  for (const std::string& name : kActivationNames.names()) EXPECT_EQ(to_string(*activation_from_string(name)), name);
  for (const std::string& name : kInitNames.names()) EXPECT_EQ(to_string(*init_from_string(name)), name);
  EXPECT_FALSE(activation_from_string("swish").has_value());
  EXPECT_FALSE(init_from_string("orthogonal").has_value());
}

}  // namespace
}  // namespace lrbench::model
