#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/dataset.hpp"

namespace lrbench::data {
namespace {

Blobs study_blobs() {
  BlobsSpec spec;
  spec.n_samples = 1000;
  spec.centers = 3;
  spec.cluster_std = 2.0;
  spec.random_state = 2;
  return make_blobs(spec);
}

void expect_rows(const Dataset& d, const Blobs& blobs, int first) {
  ASSERT_EQ(d.num_features(), blobs.n_features);
  for (Eigen::Index j = 0; j < d.num_samples(); ++j) {
    const auto src = static_cast<std::size_t>(first + j);
    ASSERT_EQ(d.y[static_cast<std::size_t>(j)], blobs.y[src]) << "sample " << j;
    for (Eigen::Index f = 0; f < d.num_features(); ++f) {
      ASSERT_EQ(d.x(j, f), static_cast<float>(blobs.X[src * static_cast<std::size_t>(blobs.n_features) +
                                                       static_cast<std::size_t>(f)]))
          << "sample " << j << " feature " << f;
    }
  }
}

TEST(Split, FractionTakesLeadingRowsForTraining) {
  const Blobs blobs = study_blobs();
  const TrainTest tt = split(blobs, 3, SplitSpec{.is_fraction = true, .fraction = 0.8});
  EXPECT_EQ(tt.train.num_samples(), 800);
  EXPECT_EQ(tt.test.num_samples(), 200);
  EXPECT_EQ(tt.train.num_classes, 3);
  EXPECT_EQ(tt.test.num_classes, 3);
  EXPECT_EQ(tt.train.y.size(), 800U);
  EXPECT_EQ(tt.test.y.size(), 200U);
  expect_rows(tt.train, blobs, 0);
  expect_rows(tt.test, blobs, 800);
}

TEST(Split, FractionRoundsDown) {
  BlobsSpec spec;
  spec.n_samples = 101;
  spec.centers = 5;
  spec.n_features = 4;
  const Blobs blobs = make_blobs(spec);
  const TrainTest tt = split(blobs, 5, SplitSpec{.is_fraction = true, .fraction = 0.7});  // 70.7
  EXPECT_EQ(tt.train.num_samples(), 70);
  EXPECT_EQ(tt.test.num_samples(), 31);
  EXPECT_EQ(tt.train.num_features(), 4);
  expect_rows(tt.train, blobs, 0);
  expect_rows(tt.test, blobs, 70);
}

TEST(Split, CountTakesExactlyThatMany) {
  const Blobs blobs = study_blobs();
  const TrainTest tt = split(blobs, 3, SplitSpec{.is_fraction = false, .count = 999});
  EXPECT_EQ(tt.train.num_samples(), 999);
  EXPECT_EQ(tt.test.num_samples(), 1);
  expect_rows(tt.test, blobs, 999);
}

TEST(Split, RejectsEmptyPartsAndOversizedCounts) {
  const Blobs blobs = study_blobs();
  auto count = [](int c) { return SplitSpec{.is_fraction = false, .count = c}; };
  auto fraction = [](double f) { return SplitSpec{.is_fraction = true, .fraction = f}; };
  EXPECT_THROW((void)split(blobs, 3, count(0)), std::invalid_argument);
  EXPECT_THROW((void)split(blobs, 3, count(-5)), std::invalid_argument);
  EXPECT_THROW((void)split(blobs, 3, count(1000)), std::invalid_argument);  // empty test set
  EXPECT_THROW((void)split(blobs, 3, count(1001)), std::invalid_argument);
  EXPECT_THROW((void)split(blobs, 3, fraction(0.0)), std::invalid_argument);
  EXPECT_THROW((void)split(blobs, 3, fraction(1.0)), std::invalid_argument);
  EXPECT_THROW((void)split(blobs, 3, fraction(0.0005)), std::invalid_argument);  // floor -> 0
  EXPECT_THROW((void)split(blobs, 3, fraction(NAN)), std::invalid_argument);
  EXPECT_THROW((void)split(blobs, 2, fraction(0.5)), std::invalid_argument);  // label 2 out of range

  try {
    (void)split(blobs, 3, count(1001));
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("1001"), std::string::npos) << msg;
    EXPECT_NE(msg.find("1000"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace lrbench::data
