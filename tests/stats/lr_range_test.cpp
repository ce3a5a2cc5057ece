// The LR range test's suggestion: each step by hand, then numpy on synthetic
// ramps (tests/data/golden/stats.json).
#include "stats/lr_range_test.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "golden.hpp"

namespace lrbench::stats {
namespace {

using testing::close;
using testing::golden;
using testing::number;
using testing::numbers;

constexpr double kInf = std::numeric_limits<double>::infinity();

// lr = 10^(t/2), t = 0 … n − 1: a uniform half-decade ramp.
std::vector<double> half_decades(int n) {
  std::vector<double> lrs;
  for (int t = 0; t < n; ++t) lrs.push_back(std::pow(10.0, t / 2.0));
  return lrs;
}

TEST(LrRange, BiasCorrectedSmoothingByHand) {
  // β = 0.5, L = (4, 2): a₀ = 0.5·4 = 2, S₀ = 2/(1 − 0.5) = 4 = L₀;
  // a₁ = 0.5·2 + 0.5·2 = 2, S₁ = 2/(1 − 0.25) = 8/3.
  const LrRangeResult r = lr_range_suggestion(std::vector<double>{1e-3, 1e-2}, std::vector<double>{4, 2},
                                              {.beta = 0.5, .skip_begin = 0, .skip_end = 0});
  ASSERT_EQ(r.smoothed.size(), 2U);
  EXPECT_EQ(r.smoothed[0], 4.0);
  EXPECT_DOUBLE_EQ(r.smoothed[1], 8.0 / 3.0);
  // A constant loss stays constant (no start-up dip towards 0).
  const std::vector<double> flat(50, 2.5);
  const LrRangeResult c = lr_range_suggestion(half_decades(50), flat);
  for (double s : c.smoothed) EXPECT_NEAR(s, 2.5, 1e-13);
}

TEST(LrRange, SteepestDescentAgainstLogLrByHand) {
  // β = 0 (no smoothing), lrs 10^(t/2), so h = 0.5 and inside the slope is
  // (S_{t+1} − S_{t−1})/(2h) = S_{t+1} − S_{t−1}:
  //   L      5     5     4.9   4     2     1.8   1.7
  //   slope  0    −0.1  −1    −2.9  −2.2  −0.3  −0.2 (ends: one-sided, /h)
  // Window [1, 6) (skip 1 and 1): steepest at t = 3, lr = 10^1.5.
  const std::vector<double> losses{5, 5, 4.9, 4, 2, 1.8, 1.7};
  const LrRangeResult r =
      lr_range_suggestion(half_decades(7), losses, {.beta = 0.0, .skip_begin = 1, .skip_end = 1});
  ASSERT_EQ(r.slope.size(), 7U);
  const std::vector<double> want{0, -0.1, -1, -2.9, -2.2, -0.3, -0.2};
  for (std::size_t t = 0; t < want.size(); ++t) EXPECT_NEAR(r.slope[t], want[t], 1e-12) << t;
  EXPECT_EQ(r.status, LrRangeStatus::suggested);
  EXPECT_EQ(r.suggestion_index, 3U);
  EXPECT_EQ(r.suggested_lr, half_decades(7)[3]);
  EXPECT_FALSE(r.diverged);
  EXPECT_EQ(r.lr_at_minimum, half_decades(7)[6]);
  // Skipping the first 4 steps leaves t = 4, 5: the steepest there is t = 4.
  const LrRangeResult late =
      lr_range_suggestion(half_decades(7), losses, {.beta = 0.0, .skip_begin = 4, .skip_end = 1});
  EXPECT_EQ(late.suggestion_index, 4U);
}

TEST(LrRange, SkipEndExcludesTheOneSidedLastSlope) {
  // β = 0, h = 0.5: L = 5, 5, 4.9, 4.5, 4.4, 1. Slopes at t = 4: (1 − 4.5)/1
  // = −3.5; at the last step, one-sided: (1 − 4.4)/0.5 = −6.8, the steepest.
  // skip_end = 1 (the default) leaves it out; skip_end = 0 takes it.
  const std::vector<double> losses{5, 5, 4.9, 4.5, 4.4, 1};
  const LrRangeResult skipped =
      lr_range_suggestion(half_decades(6), losses, {.beta = 0.0, .skip_begin = 1, .skip_end = 1});
  EXPECT_NEAR(skipped.slope[5], -6.8, 1e-12);
  EXPECT_EQ(skipped.suggestion_index, 4U);
  const LrRangeResult kept_all =
      lr_range_suggestion(half_decades(6), losses, {.beta = 0.0, .skip_begin = 1, .skip_end = 0});
  EXPECT_EQ(kept_all.suggestion_index, 5U);
}

TEST(LrRange, DivergenceDropsTheDivergingStep) {
  // β = 0: minimum before t = 3 is 0.5, 4·0.5 = 2: 1.9 stays, 2.1 diverges;
  // the curve keeps t = 0, 1, 2.
  const std::vector<double> losses{1, 0.5, 1.9, 2.1, 0.1};
  const LrRangeResult r = lr_range_suggestion(half_decades(5), losses, {.beta = 0.0, .skip_begin = 0, .skip_end = 0});
  EXPECT_TRUE(r.diverged);
  EXPECT_EQ(r.kept, 3U);
  EXPECT_EQ(r.smoothed, (std::vector<double>{1, 0.5, 1.9}));
  // The check starts at t = 1, against S₀ alone (Lightning waits a step).
  const LrRangeResult at_1 =
      lr_range_suggestion(half_decades(3), std::vector<double>{1, 5, 1}, {.beta = 0.0, .skip_begin = 0});
  EXPECT_TRUE(at_1.diverged);
  EXPECT_EQ(at_1.kept, 1U);
  EXPECT_TRUE(at_1.slope.empty());
  EXPECT_EQ(at_1.status, LrRangeStatus::too_few_points);
  // A non-finite loss also ends the curve, wherever it comes.
  const LrRangeResult nan_at_2 = lr_range_suggestion(
      half_decades(5), std::vector<double>{1, 0.9, std::nan(""), 0.5, 0.4}, {.beta = 0.0, .skip_begin = 0});
  EXPECT_TRUE(nan_at_2.diverged);
  EXPECT_EQ(nan_at_2.kept, 2U);
  const LrRangeResult inf_first =
      lr_range_suggestion(half_decades(3), std::vector<double>{kInf, 1, 1}, {.skip_begin = 0, .skip_end = 0});
  EXPECT_EQ(inf_first.kept, 0U);
  EXPECT_EQ(inf_first.status, LrRangeStatus::too_few_points);
  EXPECT_TRUE(std::isnan(inf_first.suggested_lr));
  // A larger factor tolerates the rise: 2.1 < 5·0.5.
  const LrRangeResult lenient = lr_range_suggestion(half_decades(5), losses,
                                                    {.beta = 0.0, .divergence_factor = 5.0, .skip_begin = 0});
  EXPECT_FALSE(lenient.diverged);
  EXPECT_EQ(lenient.kept, 5U);
}

TEST(LrRange, NoDescentAndTooFewPointsGiveNoSuggestion) {
  std::vector<double> rising;
  for (int t = 0; t < 30; ++t) rising.push_back(1.0 + 0.01 * t);
  const LrRangeResult r = lr_range_suggestion(half_decades(30), rising);
  EXPECT_EQ(r.status, LrRangeStatus::no_descent);
  EXPECT_TRUE(std::isnan(r.suggested_lr));
  EXPECT_EQ(r.lr_at_minimum, 1.0);
  // 8 steps with the default skips (10 and 1) leave an empty window.
  const std::vector<double> falling{8, 7, 6, 5, 4, 3, 2, 1};
  const LrRangeResult few = lr_range_suggestion(half_decades(8), falling);
  EXPECT_EQ(few.status, LrRangeStatus::too_few_points);
  EXPECT_EQ(few.slope.size(), 8U);  // the curve and its slope are still there to plot
  EXPECT_EQ(std::string(to_string(LrRangeStatus::no_descent)), "no descent");
}

TEST(LrRange, RejectsUnusableInput) {
  const std::vector<double> two{1.0, 2.0};
  EXPECT_THROW((void)lr_range_suggestion(std::vector<double>{}, std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW((void)lr_range_suggestion(two, std::vector<double>{1.0}), std::invalid_argument);
  EXPECT_THROW((void)lr_range_suggestion(std::vector<double>{2.0, 1.0}, two), std::invalid_argument);
  EXPECT_THROW((void)lr_range_suggestion(std::vector<double>{0.0, 1.0}, two), std::invalid_argument);
  EXPECT_THROW((void)lr_range_suggestion(two, two, {.beta = 1.0}), std::invalid_argument);
  EXPECT_THROW((void)lr_range_suggestion(two, two, {.divergence_factor = 1.0}), std::invalid_argument);
}

TEST(LrRange, MatchesNumpy) {
  for (const auto& c : golden().at("lr_range")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const LrRangeOptions options{.beta = c.at("beta").get<double>(),
                                 .divergence_factor = c.at("divergence_factor").get<double>(),
                                 .skip_begin = c.at("skip_begin").get<std::size_t>(),
                                 .skip_end = c.at("skip_end").get<std::size_t>()};
    const std::vector<double> lrs = numbers(c.at("lrs"));
    const LrRangeResult r = lr_range_suggestion(lrs, numbers(c.at("losses")), options);
    const auto& want = c.at("expected");
    EXPECT_EQ(r.kept, want.at("kept").get<std::size_t>());
    EXPECT_EQ(r.diverged, want.at("diverged").get<bool>());
    const std::vector<double> smoothed = numbers(want.at("smoothed"));
    ASSERT_EQ(r.smoothed.size(), smoothed.size());
    // β^(t+1) by repeated products here, by ** in numpy: rounding apart.
    for (std::size_t t = 0; t < smoothed.size(); ++t) EXPECT_TRUE(close(r.smoothed[t], smoothed[t], 1e-13)) << t;
    if (want.contains("slope")) {
      const std::vector<double> slope = numbers(want.at("slope"));
      ASSERT_EQ(r.slope.size(), slope.size());
      // log(x)/ln 10 against np.log10, then differences: a looser bound.
      for (std::size_t t = 0; t < slope.size(); ++t) EXPECT_TRUE(close(r.slope[t], slope[t], 1e-9)) << t;
    }
    EXPECT_EQ(r.lr_at_minimum, number(want.at("lr_at_minimum")));
    EXPECT_EQ(std::string(to_string(r.status)), want.at("status").get<std::string>());
    if (r.status == LrRangeStatus::suggested) {
      EXPECT_EQ(r.suggestion_index, want.at("suggestion_index").get<std::size_t>());
      EXPECT_EQ(r.suggested_lr, number(want.at("suggested_lr")));
    }
  }
}

}  // namespace
}  // namespace lrbench::stats
