#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/generators.hpp"
#include "data/numpy_random_state.hpp"

namespace lrbench::data {
namespace {

using nlohmann::json;

json load_golden() {
  std::ifstream in(LRBENCH_TEST_DATA_DIR "/golden/blobs.json");
  if (!in) throw std::runtime_error("cannot open " LRBENCH_TEST_DATA_DIR "/golden/blobs.json");
  return json::parse(in);
}

BlobsSpec spec_of(const json& c) {
  const json& p = c.at("params");
  BlobsSpec s;
  s.generator = BlobsGenerator::sklearn;
  s.n_samples = p.at("n_samples").get<int>();
  s.centers = p.at("centers").get<int>();
  s.n_features = p.at("n_features").get<int>();
  s.cluster_std = p.at("cluster_std").get<double>();
  s.random_state = p.at("random_state").get<std::uint32_t>();
  s.center_box_low = c.at("center_box").at(0).get<double>();
  s.center_box_high = c.at("center_box").at(1).get<double>();
  s.shuffle = c.at("shuffle").get<bool>();
  return s;
}

std::map<std::int32_t, int> label_counts(const std::vector<std::int32_t>& y) {
  std::map<std::int32_t, int> counts;
  for (auto label : y) ++counts[label];
  return counts;
}

TEST(MakeBlobsSklearn, ReproducesEveryGoldenCase) {
  const json golden = load_golden();
  const double atol = golden.at("tolerance").at("atol").get<double>();
  const double rtol = golden.at("tolerance").at("rtol").get<double>();
  ASSERT_FALSE(golden.at("cases").empty());
  int index = 0;
  for (const json& c : golden.at("cases")) {
    SCOPED_TRACE("case " + std::to_string(index++) + ": " + c.at("params").dump());
    const BlobsSpec spec = spec_of(c);
    const Points got = make_blobs(spec);
    const json& want_x = c.at("X");
    const json& want_y = c.at("y");
    ASSERT_EQ(got.n_samples, spec.n_samples);
    ASSERT_EQ(got.n_features, spec.n_features);
    ASSERT_EQ(want_x.size(), static_cast<std::size_t>(spec.n_samples));
    ASSERT_EQ(got.X.size(), static_cast<std::size_t>(spec.n_samples * spec.n_features));
    ASSERT_EQ(got.y.size(), want_y.size());
    int exact = 0;
    for (int r = 0; r < spec.n_samples; ++r) {
      ASSERT_EQ(got.y[r], want_y.at(r).get<std::int32_t>()) << "row " << r;
      for (int f = 0; f < spec.n_features; ++f) {
        const double want = want_x.at(r).at(f).get<double>();
        const double g = got.X[static_cast<std::size_t>(r * spec.n_features + f)];
        ASSERT_LE(std::abs(g - want), atol + rtol * std::abs(want)) << "X[" << r << "][" << f << "]";
        exact += g == want ? 1 : 0;
      }
    }
    // The tolerance is a safety margin; bit-identical output is expected.
    EXPECT_EQ(exact, spec.n_samples * spec.n_features);
  }
}

TEST(MakeBlobsSklearn, StudyCaseClassSizes) {
  BlobsSpec spec;
  spec.n_samples = 1000;
  spec.centers = 3;
  spec.cluster_std = 2.0;
  spec.random_state = 2;
  const auto counts = label_counts(make_blobs(spec).y);
  EXPECT_EQ(counts, (std::map<std::int32_t, int>{{0, 334}, {1, 333}, {2, 333}}));
}

TEST(MakeBlobsSklearn, UnevenSplitGivesExtraSamplesToFirstCentres) {
  BlobsSpec spec;
  spec.n_samples = 101;
  spec.centers = 5;
  spec.n_features = 4;
  const auto counts = label_counts(make_blobs(spec).y);
  EXPECT_EQ(counts, (std::map<std::int32_t, int>{{0, 21}, {1, 20}, {2, 20}, {3, 20}, {4, 20}}));
}

// Without shuffling the rows come out grouped by centre, and shuffling is the
// last thing drawn: so the golden (shuffled) rows are the unshuffled rows
// permuted by RandomState's shuffle of arange(n), continued from the same state.
TEST(MakeBlobsSklearn, ShuffledIsUnshuffledPermutedByNumpyShuffle) {
  const json golden = load_golden();
  for (const json& c : golden.at("cases")) {
    BlobsSpec spec = spec_of(c);
    ASSERT_TRUE(spec.shuffle);
    const Points shuffled = make_blobs(spec);
    spec.shuffle = false;
    const Points plain = make_blobs(spec);
    ASSERT_TRUE(std::is_sorted(plain.y.begin(), plain.y.end()));

    // Replay the draws: centres, then all normals, then the shuffle.
    numpy::RandomState rs(spec.random_state);
    for (int i = 0; i < spec.centers * spec.n_features; ++i) rs.random_sample();
    for (int i = 0; i < spec.n_samples * spec.n_features; ++i) rs.gauss();
    std::vector<std::int32_t> idx(static_cast<std::size_t>(spec.n_samples));
    std::iota(idx.begin(), idx.end(), 0);
    rs.shuffle(idx);
    const auto nf = static_cast<std::size_t>(spec.n_features);
    for (std::size_t r = 0; r < idx.size(); ++r) {
      const auto src = static_cast<std::size_t>(idx[r]);
      ASSERT_EQ(shuffled.y[r], plain.y[src]);
      for (std::size_t f = 0; f < nf; ++f) ASSERT_EQ(shuffled.X[r * nf + f], plain.X[src * nf + f]);
    }
  }
}

TEST(MakeBlobsNative, DeterministicWithExpectedShapeAndLabels) {
  BlobsSpec spec;
  spec.generator = BlobsGenerator::native;
  spec.n_samples = 1000;
  spec.centers = 3;
  spec.cluster_std = 2.0;
  spec.random_state = 2;
  const Points a = make_blobs(spec);
  const Points b = make_blobs(spec);
  EXPECT_EQ(a.X, b.X);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.n_samples, 1000);
  EXPECT_EQ(a.n_features, 2);
  EXPECT_EQ(a.X.size(), 2000U);
  EXPECT_EQ(label_counts(a.y), (std::map<std::int32_t, int>{{0, 334}, {1, 333}, {2, 333}}));
  EXPECT_FALSE(std::is_sorted(a.y.begin(), a.y.end()));  // shuffled

  spec.generator = BlobsGenerator::sklearn;
  EXPECT_NE(make_blobs(spec).X, a.X);  // its own stream, not numpy's
  spec.generator = BlobsGenerator::native;
  spec.random_state = 3;
  EXPECT_NE(make_blobs(spec).X, a.X);
}

TEST(MakeBlobsNative, ClustersHaveTheRequestedSpread) {
  BlobsSpec spec;
  spec.generator = BlobsGenerator::native;
  spec.n_samples = 30000;
  spec.centers = 3;
  spec.n_features = 2;
  spec.cluster_std = 1.5;
  spec.shuffle = false;
  const Points blobs = make_blobs(spec);
  // Per class and feature: sample mean inside the box, sample sd near 1.5.
  for (std::int32_t k = 0; k < 3; ++k) {
    for (int f = 0; f < 2; ++f) {
      double sum = 0.0;
      double sum_sq = 0.0;
      int n = 0;
      for (int r = 0; r < blobs.n_samples; ++r) {
        if (blobs.y[r] != k) continue;
        const double v = blobs.X[static_cast<std::size_t>(r * 2 + f)];
        sum += v;
        sum_sq += v * v;
        ++n;
      }
      const double mean = sum / n;
      const double sd = std::sqrt(sum_sq / n - mean * mean);
      EXPECT_GT(mean, -10.2);
      EXPECT_LT(mean, 10.2);
      EXPECT_NEAR(sd, 1.5, 0.05);
    }
  }
}

TEST(MakeBlobs, RejectsInvalidSpecs) {
  auto bad = [](auto edit) {
    BlobsSpec spec;
    edit(spec);
    return spec;
  };
  EXPECT_THROW((void)make_blobs(bad([](BlobsSpec& s) { s.n_samples = 0; })), std::invalid_argument);
  EXPECT_THROW((void)make_blobs(bad([](BlobsSpec& s) { s.centers = 0; })), std::invalid_argument);
  EXPECT_THROW((void)make_blobs(bad([](BlobsSpec& s) { s.n_features = 0; })), std::invalid_argument);
  EXPECT_THROW((void)make_blobs(bad([](BlobsSpec& s) { s.cluster_std = -1.0; })), std::invalid_argument);
  EXPECT_THROW((void)make_blobs(bad([](BlobsSpec& s) { s.cluster_std = NAN; })), std::invalid_argument);
  EXPECT_THROW((void)make_blobs(bad([](BlobsSpec& s) { s.center_box_high = INFINITY; })),
               std::invalid_argument);
  EXPECT_NO_THROW((void)make_blobs(bad([](BlobsSpec& s) { s.cluster_std = 0.0; })));
}

}  // namespace
}  // namespace lrbench::data
