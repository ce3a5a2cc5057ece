// Expected best of k trials (Dodge et al. 2019): a hand-made table, then
// numpy's transcription of the paper's formula.
#include "stats/expected_max.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "golden.hpp"

namespace lrbench::stats {
namespace {

using testing::close;
using testing::golden;
using testing::numbers;

TEST(ExpectedBest, HandMadeTable) {
  // Scores {0.6, 0.9, 0.7}, sorted 0.6, 0.7, 0.9, n = 3.
  //  k   w₁ = (1/3)^k   w₂ = (2/3)^k − (1/3)^k   w₃ = 1 − (2/3)^k    E[V*_k]
  //  1   1/3            1/3                     1/3                 2.2/3   = 0.733333…
  //  2   1/9            3/9                     5/9                 7.2/9   = 0.8
  //  3   1/27           7/27                    19/27               22.6/27 = 0.837037…
  // Var[V*_1] = ((−0.1333)² + (−0.0333)² + 0.1667²)/3 = 0.14/9 = 0.015556;
  // Var[V*_2] = (1·0.04 + 3·0.01 + 5·0.01)/9 = 0.12/9 = 0.013333.
  const std::vector<double> scores{0.6, 0.9, 0.7};
  const ExpectedBest e = expected_best_of_k(scores, 3);
  ASSERT_EQ(e.mean.size(), 3U);
  EXPECT_NEAR(e.mean[0], 2.2 / 3, 1e-15);
  EXPECT_NEAR(e.mean[1], 0.8, 1e-15);
  EXPECT_NEAR(e.mean[2], 22.6 / 27, 1e-15);
  EXPECT_NEAR(e.variance[0], 0.14 / 9, 1e-15);
  EXPECT_NEAR(e.variance[1], 0.12 / 9, 1e-15);
}

TEST(ExpectedBest, LowerIsBetterIsTheExpectedMinimum) {
  // Losses {2, 1, 4}: E[min of 2 draws] = w·sorted descending, with the
  // "higher is better" view −4 < −2 < −1: weights 1/9, 3/9, 5/9 →
  // −(−4·1 − 2·3 − 1·5)/9 = 15/9.
  const ExpectedBest e = expected_best_of_k(std::vector<double>{2, 1, 4}, 2, Direction::lower_is_better);
  EXPECT_NEAR(e.mean[0], 7.0 / 3, 1e-15);
  EXPECT_NEAR(e.mean[1], 15.0 / 9, 1e-15);
}

TEST(ExpectedBest, MonotoneTowardsTheBestAndDefinedBeyondN) {
  const std::vector<double> scores{0.1, 0.5, 0.45, 0.3};
  const ExpectedBest e = expected_best_of_k(scores, 40);
  for (std::size_t k = 1; k < e.mean.size(); ++k) {
    EXPECT_GT(e.mean[k], e.mean[k - 1]);
    EXPECT_LT(e.mean[k], 0.5);
  }
  EXPECT_NEAR(e.mean.back(), 0.5, 1e-4);  // 1 − (3/4)^40 ≈ 1 − 1e-5 of the weight on 0.5
  // One trial: the best of k is that trial, with no variance.
  const ExpectedBest one = expected_best_of_k(std::vector<double>{0.7}, 5);
  for (std::size_t k = 0; k < 5; ++k) {
    EXPECT_EQ(one.mean[k], 0.7);
    EXPECT_EQ(one.variance[k], 0.0);
  }
}

TEST(ExpectedBest, RejectsUnusableInput) {
  EXPECT_THROW((void)expected_best_of_k(std::vector<double>{}, 3), std::invalid_argument);
  EXPECT_THROW((void)expected_best_of_k(std::vector<double>{0.5}, 0), std::invalid_argument);
  EXPECT_THROW((void)expected_best_of_k(std::vector<double>{0.5, std::nan("")}, 2), std::invalid_argument);
  EXPECT_THROW((void)expected_best_of_k(std::vector<double>{0.5, std::numeric_limits<double>::infinity()}, 2),
               std::invalid_argument);
}

TEST(ExpectedBest, MatchesNumpy) {
  for (const auto& c : golden().at("expected_best")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const Direction direction =
        c.at("higher_is_better").get<bool>() ? Direction::higher_is_better : Direction::lower_is_better;
    const ExpectedBest e = expected_best_of_k(numbers(c.at("scores")), c.at("max_trials").get<std::size_t>(), direction);
    const std::vector<double> mean = numbers(c.at("mean"));
    const std::vector<double> variance = numbers(c.at("variance"));
    ASSERT_EQ(e.mean.size(), mean.size());
    for (std::size_t k = 0; k < mean.size(); ++k) {
      // numpy's ** and pairwise sums against repeated products and a
      // sequential sum: rounding-level differences only.
      EXPECT_TRUE(close(e.mean[k], mean[k], 1e-13)) << "k = " << k + 1;
      EXPECT_TRUE(close(e.variance[k], variance[k], 1e-13)) << "k = " << k + 1;
    }
  }
}

}  // namespace
}  // namespace lrbench::stats
