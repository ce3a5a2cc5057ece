// What a plan costs, from the validated scenario (scenario/estimate.hpp).
#include <gtest/gtest.h>

#include "load_helpers.hpp"
#include "scenario/estimate.hpp"

namespace {

using namespace scenario_test;
using lrbench::scenario::Caps;
using lrbench::scenario::estimate;
using lrbench::scenario::exceeded_caps;

const char* kSeedLike = R"(name: seedlike
data: {kind: blobs, n_samples: 1000, centers: 3, n_features: 2, split: {train: 500}}
model:
  layers:
    - {units: 50, activation: relu, init: he_uniform}
    - {units: 3, activation: softmax, init: glorot_uniform}
training: {epochs: 200, batch_size: 32}
optimizer: {name: sgd, lr: 0.01}
sweep:
  data.n_samples: [1000, 2000, 4000]
seeds: [0, 1]
)";

TEST(Estimate, ParametersDatasetsAndOutputOfASweep) {
  const Scenario s = load(kSeedLike);
  const auto e = estimate(s, 6, 2);
  // (2 + 1) × 50 + (50 + 1) × 3: the seed study's 303 weights and biases.
  EXPECT_EQ(e.largest_model_parameters, 303U);
  EXPECT_EQ(e.datasets, 3U);
  // Two jobs hold at most the two largest: 4000 and 2000 rows of 2 floats and a label.
  EXPECT_EQ(e.concurrent, 2U);
  EXPECT_EQ(e.dataset_bytes, (4000U + 2000U) * 12U);
  // Six runs of 200 epochs × 5 series: at least 6 × 1000 numbers, at most 25 bytes each plus the config.
  EXPECT_GT(e.output_bytes, 6U * 1000U * 15U);
  EXPECT_LT(e.output_bytes, 6U * (1000U * 25U + 2000U));
  EXPECT_TRUE(exceeded_caps(s, e, Caps{}).empty());
}

TEST(Estimate, EveryCapNamesTheEstimateTheCapAndItsFlag) {
  const Scenario s = load(kSeedLike);
  const auto e = estimate(s, 6, 1);
  const auto messages = exceeded_caps(s, e, Caps{300, 1000, 1000});
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[0],
            "seedlike: the model of variant 'n_samples=1000' has 303 parameters, more than --max-parameters 300; "
            "shrink the model or raise --max-parameters");
  EXPECT_EQ(messages[1],
            "seedlike: its datasets would hold about 47 KiB in memory at once (1 of 3 distinct datasets), more than "
            "--max-data-memory 1000 bytes; shrink the data or raise --max-data-memory");
  EXPECT_NE(messages[2].find("to runs.jsonl, more than --max-output 1000 bytes; record less"), std::string::npos)
      << messages[2];
}

TEST(Estimate, ModelParametersSaturateInsteadOfOverflowing) {
  lrbench::model::ModelSpec two;
  two.layers = {{100000}, {100000}};
  EXPECT_EQ(lrbench::scenario::model_parameters(2, two), 3ULL * 100000 + 100001ULL * 100000);
  lrbench::model::ModelSpec huge;
  for (int i = 0; i < 5; ++i) huge.layers.push_back({2147483647});
  EXPECT_EQ(lrbench::scenario::model_parameters(2147483647, huge), UINT64_MAX);
}

}  // namespace
