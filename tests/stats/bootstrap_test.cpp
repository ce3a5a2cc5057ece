// Bootstrap percentile intervals: the mechanics on inputs whose bootstrap
// distribution is known exactly, then against numpy fed the same resample
// indices (tests/data/golden/stats.json; tools/golden/stats/xoshiro.py
// restates the stream).
#include "stats/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "golden.hpp"
#include "stats/descriptive.hpp"
#include "util/random.hpp"

namespace lrbench::stats {
namespace {

using testing::golden;
using testing::number;
using testing::numbers;

TEST(Bootstrap, ConstantSampleGivesADegenerateInterval) {
  // Every resample of {0.1, 0.1, 0.1} is the same three values summed in the
  // same order, so every θ* equals mean(x) to the bit (which is
  // 0.30000000000000004/3, not 0.1) and so do both ends.
  const std::vector<double> x{0.1, 0.1, 0.1};
  const std::vector<double> theta = bootstrap_means(x, {.resamples = 500});
  ASSERT_EQ(theta.size(), 500U);
  for (double t : theta) ASSERT_EQ(t, mean(x));
  const BootstrapInterval ci = bootstrap_mean_interval(x);
  EXPECT_EQ(ci.estimate, mean(x));
  EXPECT_EQ(ci.lower, mean(x));
  EXPECT_EQ(ci.upper, mean(x));
  // A difference of two constant samples: the difference of their means.
  const std::vector<double> y{2.0, 2.0};
  const BootstrapInterval d = bootstrap_mean_difference_interval(y, x);
  EXPECT_EQ(d.lower, 2.0 - mean(x));
  EXPECT_EQ(d.upper, 2.0 - mean(x));
}

TEST(Bootstrap, TwoPointSampleHasTheEnumeratedDistribution) {
  // x = {0, 1}: a resample is (x_i, x_j) with i, j uniform on {0, 1}, so
  // θ* ∈ {0, 0.5, 1} with probabilities 1/4, 1/2, 1/4 (the four ordered
  // pairs). With B = 10,000 each count is binomial: sd √(B·p(1 − p)) = 43.3
  // for 1/4 and 50 for 1/2; allow 5 sd.
  const std::vector<double> x{0.0, 1.0};
  const std::vector<double> theta = bootstrap_means(x, {.resamples = 10'000, .seed = 11});
  std::map<double, int> counts;
  for (double t : theta) ++counts[t];
  ASSERT_EQ(counts.size(), 3U);
  EXPECT_NEAR(counts[0.0], 2500, 5 * 43.3);
  EXPECT_NEAR(counts[0.5], 5000, 5 * 50.0);
  EXPECT_NEAR(counts[1.0], 2500, 5 * 43.3);
  // 95 %: P(θ* = 0) = 1/4 > 2.5 %, so Q(0.025) = 0 and Q(0.975) = 1.
  const BootstrapInterval ci95 = bootstrap_mean_interval(x, {.seed = 11});
  EXPECT_EQ(ci95.estimate, 0.5);
  EXPECT_EQ(ci95.lower, 0.0);
  EXPECT_EQ(ci95.upper, 1.0);
  // 40 %: Q(0.3) and Q(0.7) fall inside the middle block (cumulative 1/4 to
  // 3/4), so the interval collapses to {0.5}.
  const BootstrapInterval ci40 = bootstrap_mean_interval(x, {.level = 0.4, .seed = 11});
  EXPECT_EQ(ci40.lower, 0.5);
  EXPECT_EQ(ci40.upper, 0.5);
}

TEST(Bootstrap, SeedRuleIsTheDocumentedStream) {
  // θ*₁ of a five-value sample is the mean of the first five bounded(5)
  // draws of util::Rng(seed, 0, Purpose::bootstrap).
  const std::vector<double> x{1, 10, 100, 1000, 10000};
  util::Rng rng(3, 0, util::Purpose::bootstrap);
  double sum = 0.0;
  for (int i = 0; i < 5; ++i) sum += x[rng.bounded(5)];
  EXPECT_EQ(bootstrap_means(x, {.resamples = 1, .seed = 3}).front(), sum / 5.0);
  // Same seed, same result; another seed, another distribution.
  EXPECT_EQ(bootstrap_means(x, {.resamples = 50, .seed = 3}), bootstrap_means(x, {.resamples = 50, .seed = 3}));
  EXPECT_NE(bootstrap_means(x, {.resamples = 50, .seed = 3}), bootstrap_means(x, {.resamples = 50, .seed = 4}));
}

TEST(Bootstrap, IntervalContainsTheEstimateAndWidensWithTheLevel) {
  const std::vector<double> x{0.91, 0.88, 0.93, 0.87, 0.9, 0.92, 0.86, 0.9, 0.89, 0.94};
  const BootstrapInterval ci80 = bootstrap_mean_interval(x, {.level = 0.8});
  const BootstrapInterval ci95 = bootstrap_mean_interval(x, {.level = 0.95});
  const BootstrapInterval ci99 = bootstrap_mean_interval(x, {.level = 0.99});
  EXPECT_LT(ci95.lower, ci95.estimate);
  EXPECT_GT(ci95.upper, ci95.estimate);
  EXPECT_LE(ci99.lower, ci95.lower);
  EXPECT_LE(ci95.lower, ci80.lower);
  EXPECT_GE(ci99.upper, ci95.upper);
  EXPECT_GE(ci95.upper, ci80.upper);
  // The bootstrap sd of the mean is s·√((n − 1)/n)/√n (plug-in variance):
  // with s = 0.02582 (n = 10) that is 0.00775, so a 95 % interval is about
  // ±1.96·0.00775 = ±0.0152 wide; allow 15 %.
  EXPECT_NEAR(ci95.upper - ci95.lower, 2 * 1.96 * sample_standard_deviation(x) * std::sqrt(0.9 / 10.0),
              0.15 * 2 * 0.0152);
}

TEST(Bootstrap, RejectsUnusableInput) {
  const std::vector<double> x{1.0, 2.0};
  EXPECT_THROW((void)bootstrap_means(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW((void)bootstrap_means(std::vector<double>{1.0, std::nan("")}), std::invalid_argument);
  EXPECT_THROW((void)bootstrap_means(x, {.resamples = 0}), std::invalid_argument);
  EXPECT_THROW((void)bootstrap_mean_interval(x, {.level = 1.0}), std::invalid_argument);
  EXPECT_THROW((void)bootstrap_mean_difference_interval(x, std::vector<double>{}), std::invalid_argument);
}

TEST(Bootstrap, MatchesNumpyOnTheSameResamples) {
  for (const auto& c : golden().at("bootstrap")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const BootstrapOptions options{.resamples = c.at("resamples").get<int>(),
                                   .level = c.at("level").get<double>(),
                                   .seed = c.at("seed").get<std::uint64_t>()};
    const std::vector<double> a = numbers(c.at("a"));
    // The stream: the first indices drawn for a (b's draws, when there is a
    // b, come between a's resamples and are skipped here).
    util::Rng rng(options.seed, 0, util::Purpose::bootstrap);
    std::vector<std::uint64_t> first;
    const std::size_t per_resample = a.size();
    const std::size_t b_size = c.contains("b") ? c.at("b").size() : 0;
    while (first.size() < c.at("first_indices").size()) {
      for (std::size_t i = 0; i < per_resample; ++i) first.push_back(rng.bounded(a.size()));
      for (std::size_t i = 0; i < b_size; ++i) (void)rng.bounded(b_size);
    }
    first.resize(c.at("first_indices").size());
    EXPECT_EQ(first, c.at("first_indices").get<std::vector<std::uint64_t>>());

    // Same draws, same sums, same interpolation: the same bits.
    BootstrapInterval ci;
    if (c.contains("b")) {
      ci = bootstrap_mean_difference_interval(a, numbers(c.at("b")), options);
    } else {
      ci = bootstrap_mean_interval(a, options);
      if (c.contains("distribution")) EXPECT_EQ(bootstrap_means(a, options), numbers(c.at("distribution")));
    }
    EXPECT_EQ(ci.estimate, number(c.at("estimate")));
    EXPECT_EQ(ci.lower, number(c.at("lower")));
    EXPECT_EQ(ci.upper, number(c.at("upper")));
  }
}

}  // namespace
}  // namespace lrbench::stats
