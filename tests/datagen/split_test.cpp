// data::load's split: which generated rows go to training, validation and
// test, checked against make_blobs' own output row by row.
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/dataset.hpp"
#include "data/generators.hpp"

namespace lrbench::data {
namespace {

BlobsSpec study_spec() {
  BlobsSpec spec;
  spec.n_samples = 1000;
  spec.centers = 3;
  spec.cluster_std = 2.0;
  spec.random_state = 2;
  return spec;
}

Amount count(std::int64_t c) { return Amount{false, c, 0.0}; }
Amount fraction(double f) { return Amount{true, 0, f}; }

SplitSpec train_only(Amount train) {
  SplitSpec s;
  s.train = train;
  return s;
}

// Sample j of `part` is row rows[j] of the generator's output.
void expect_rows(const Samples& part, const Points& points, const std::vector<std::int64_t>& rows) {
  ASSERT_EQ(part.num_samples(), static_cast<Eigen::Index>(rows.size()));
  ASSERT_EQ(part.num_features(), points.n_features);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const auto src = static_cast<std::size_t>(rows[j]);
    ASSERT_EQ(part.y[j], points.y[src]) << "sample " << j;
    for (Eigen::Index f = 0; f < part.num_features(); ++f) {
      ASSERT_EQ(part.x(static_cast<Eigen::Index>(j), f),
                static_cast<float>(points.X[src * static_cast<std::size_t>(points.n_features) + static_cast<std::size_t>(f)]))
          << "sample " << j << " feature " << f;
    }
  }
}

std::vector<std::int64_t> range(std::int64_t first, std::int64_t count) {
  std::vector<std::int64_t> out;
  for (std::int64_t i = 0; i < count; ++i) out.push_back(first + i);
  return out;
}

TEST(Split, FractionTakesLeadingRowsForTraining) {
  const Points points = make_blobs(study_spec());
  const Dataset d = load(DataSpec{study_spec(), train_only(fraction(0.8))});
  EXPECT_EQ(d.num_classes, 3);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x0", "x1"}));
  EXPECT_TRUE(d.validation.empty());
  expect_rows(d.train, points, range(0, 800));
  expect_rows(d.test, points, range(800, 200));
  EXPECT_EQ(d.bytes(), 1000u * (2 * sizeof(float) + sizeof(std::int32_t)));
}

TEST(Split, FractionRoundsDown) {
  BlobsSpec spec;
  spec.n_samples = 101;
  spec.centers = 5;
  spec.n_features = 4;
  const Points points = make_blobs(spec);
  const Dataset d = load(DataSpec{spec, train_only(fraction(0.7))});  // 70.7
  expect_rows(d.train, points, range(0, 70));
  expect_rows(d.test, points, range(70, 31));
}

TEST(Split, CountTakesExactlyThatMany) {
  const Points points = make_blobs(study_spec());
  const Dataset d = load(DataSpec{study_spec(), train_only(count(999))});
  expect_rows(d.train, points, range(0, 999));
  expect_rows(d.test, points, range(999, 1));
}

TEST(Split, ValidationSitsBetweenTrainAndTest) {
  const Points points = make_blobs(study_spec());
  SplitSpec split = train_only(count(600));
  split.validation = fraction(0.15);  // 150 rows
  const Dataset d = load(DataSpec{study_spec(), split});
  expect_rows(d.train, points, range(0, 600));
  expect_rows(d.validation, points, range(600, 150));
  expect_rows(d.test, points, range(750, 250));
}

TEST(Split, GivenTestLeavesUnusedRowsAndAbsentTrainTakesTheRest) {
  const Points points = make_blobs(study_spec());
  SplitSpec both = train_only(count(100));
  both.test = count(50);
  const Dataset d = load(DataSpec{study_spec(), both});
  expect_rows(d.train, points, range(0, 100));
  expect_rows(d.test, points, range(100, 50));  // rows 150.. unused

  SplitSpec test_only;
  test_only.train.reset();
  test_only.test = fraction(0.25);
  const Dataset e = load(DataSpec{study_spec(), test_only});
  expect_rows(e.train, points, range(0, 750));
  expect_rows(e.test, points, range(750, 250));
}

std::map<int, int> class_counts(const Samples& s) {
  std::map<int, int> counts;
  for (const auto label : s.y) ++counts[label];
  return counts;
}

TEST(Split, StratifiedPartsKeepTheClassProportions) {
  // Unbalanced classes, not shuffled: the plain split would put class 0
  // only into training.
  BlobsSpec spec;
  spec.n_samples = 1000;
  spec.centers = 4;
  spec.shuffle = false;  // rows grouped by class: 250 of each, in order
  SplitSpec split = train_only(count(600));
  split.validation = count(200);
  split.stratify = true;
  const Dataset d = load(DataSpec{spec, split});
  ASSERT_EQ(d.train.num_samples(), 600);
  ASSERT_EQ(d.validation.num_samples(), 200);
  ASSERT_EQ(d.test.num_samples(), 200);
  for (const auto& [label, n] : class_counts(d.train)) EXPECT_EQ(n, 150) << "class " << label;
  for (const auto& [label, n] : class_counts(d.validation)) EXPECT_EQ(n, 50) << "class " << label;
  for (const auto& [label, n] : class_counts(d.test)) EXPECT_EQ(n, 50) << "class " << label;
  EXPECT_EQ(class_counts(d.test).size(), 4u);

  // Every row is used exactly once, and each part keeps the rows' order.
  const Points points = make_blobs(spec);
  std::vector<int> seen(1000, 0);
  for (const Samples* part : {&d.train, &d.validation, &d.test}) {
    float previous_class = -1;
    for (Eigen::Index j = 0; j < part->num_samples(); ++j) {
      for (std::size_t r = 0; r < 1000; ++r) {
        if (static_cast<float>(points.X[2 * r]) == part->x(j, 0) && static_cast<float>(points.X[2 * r + 1]) == part->x(j, 1)) {
          ++seen[r];
        }
      }
      EXPECT_GE(static_cast<float>(part->y[static_cast<std::size_t>(j)]), previous_class);
      previous_class = static_cast<float>(part->y[static_cast<std::size_t>(j)]);
    }
  }
  for (std::size_t r = 0; r < 1000; ++r) EXPECT_EQ(seen[r], 1) << "row " << r;
}

TEST(Split, StratifiedProportionsOfUnevenClassesAreRoundedNotDropped) {
  BlobsSpec spec;
  spec.n_samples = 101;
  spec.centers = 3;  // 34, 34, 33 rows
  spec.shuffle = false;
  SplitSpec split = train_only(count(10));
  split.stratify = true;
  const Dataset d = load(DataSpec{spec, split});
  const auto counts = class_counts(d.train);
  ASSERT_EQ(counts.size(), 3u);
  for (const auto& [label, n] : counts) EXPECT_TRUE(n == 3 || n == 4) << "class " << label << ": " << n;
}

TEST(Split, RejectsEmptyPartsAndOversizedCounts) {
  const BlobsSpec spec = study_spec();
  auto load_split = [&](SplitSpec s) { return load(DataSpec{spec, s}); };
  EXPECT_THROW((void)load_split(train_only(count(0))), DataError);
  EXPECT_THROW((void)load_split(train_only(count(-5))), DataError);
  EXPECT_THROW((void)load_split(train_only(count(1000))), DataError);  // empty test set
  EXPECT_THROW((void)load_split(train_only(count(1001))), DataError);
  EXPECT_THROW((void)load_split(train_only(fraction(0.0))), DataError);
  EXPECT_THROW((void)load_split(train_only(fraction(1.0))), DataError);
  EXPECT_THROW((void)load_split(train_only(fraction(0.0005))), DataError);  // floor -> 0
  EXPECT_THROW((void)load_split(train_only(fraction(NAN))), DataError);
  SplitSpec none;
  none.train.reset();
  EXPECT_THROW((void)load_split(none), DataError);
  SplitSpec too_many = train_only(count(800));
  too_many.validation = count(150);
  too_many.test = count(100);
  try {
    (void)load_split(too_many);
    FAIL() << "no exception";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "the split asks for 1050 rows (train 800, validation 150, test 100) but the data has 1000");
  }
  try {
    (void)load_split(train_only(count(1001)));
    FAIL() << "no exception";
  } catch (const DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("1001"), std::string::npos) << msg;
    EXPECT_NE(msg.find("1000"), std::string::npos) << msg;
  }
}

TEST(Split, PartRowsAgreeWithLoad) {
  SplitSpec split = train_only(fraction(0.5));
  split.validation = fraction(0.2);
  const PartRows p = part_rows(split, shape(study_spec()));
  EXPECT_EQ(p.train, 500);
  EXPECT_EQ(p.validation, 200);
  EXPECT_EQ(p.test, 300);
  const Dataset d = load(DataSpec{study_spec(), split});
  EXPECT_EQ(d.bytes(), estimated_bytes(shape(study_spec()), p));
}

}  // namespace
}  // namespace lrbench::data
