// Descriptive statistics: by hand, then against numpy's nan* functions.
#include "stats/descriptive.hpp"

#include <array>
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
using testing::number;
using testing::numbers;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Descriptive, ByHand) {
  // {2, 4, 4, 4, 5, 5, 7, 9}: mean 40/8 = 5, Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32,
  // s = √(32/7); median (4 + 5)/2 = 4.5; lower median x₍₃₎ = 4.
  const std::vector<double> x{9, 2, 4, 7, 4, 5, 4, 5};
  EXPECT_DOUBLE_EQ(mean(x), 5.0);
  EXPECT_DOUBLE_EQ(sample_standard_deviation(x), std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(median(x), 4.5);
  EXPECT_DOUBLE_EQ(lower_median(x), 4.0);
  // Quantiles, h = 7q: q = 0.25 → h = 1.75, x₍₁₎ = 4, x₍₂₎ = 4 → 4;
  // q = 0.9 → h = 6.3, 7 + 0.3·(9 − 7) = 7.6; the ends are min and max.
  EXPECT_DOUBLE_EQ(quantile(x, 0.25), 4.0);
  EXPECT_DOUBLE_EQ(quantile(x, 0.9), 7.6);
  EXPECT_EQ(quantile(x, 0.0), 2.0);
  EXPECT_EQ(quantile(x, 1.0), 9.0);
  EXPECT_EQ(quantile(x, 0.5), median(x));
}

TEST(Descriptive, SmallAndEmptySamples) {
  const std::vector<double> one{3.5};
  EXPECT_EQ(mean(one), 3.5);
  EXPECT_EQ(sample_standard_deviation(one), 0.0);  // n = 1: 0, not NaN
  EXPECT_EQ(median(one), 3.5);
  EXPECT_EQ(quantile(one, 0.3), 3.5);
  const std::vector<double> none;
  EXPECT_TRUE(std::isnan(mean(none)));
  EXPECT_TRUE(std::isnan(sample_standard_deviation(none)));
  EXPECT_TRUE(std::isnan(median(none)));
  EXPECT_TRUE(std::isnan(lower_median(none)));
  EXPECT_TRUE(std::isnan(quantile(none, 0.5)));
}

TEST(Descriptive, NaNIsMissingAndInfinityIsAValue) {
  const std::vector<double> x{kNaN, 1.0, 3.0, kNaN};
  EXPECT_EQ(mean(x), 2.0);
  EXPECT_EQ(median(x), 2.0);
  EXPECT_EQ(sample_standard_deviation(x), std::sqrt(2.0));
  EXPECT_TRUE(contains_nan(x));
  EXPECT_FALSE(contains_nan(std::vector<double>{1.0, kInf}));
  const std::vector<double> all_missing{kNaN, kNaN};
  EXPECT_TRUE(std::isnan(median(all_missing)));
  // Epochs to target with two seeds that never reach it: the lower median of
  // {7, 9, 12, ∞, ∞} is 12; of {7, ∞, ∞} it is ∞.
  EXPECT_EQ(lower_median(std::vector<double>{12, 7, kInf, 9, kInf}), 12.0);
  EXPECT_EQ(lower_median(std::vector<double>{kInf, 7, kInf}), kInf);
  EXPECT_EQ(median(std::vector<double>{kInf, kInf}), kInf);
  // On an order statistic, or between equal infinities, the quantile is the
  // value itself (numpy would give NaN from 0·∞ or ∞ − ∞).
  EXPECT_EQ(quantile(std::vector<double>{1, 2, kInf}, 0.5), 2.0);
  EXPECT_EQ(quantile(std::vector<double>{1, kInf, kInf}, 0.75), kInf);
  EXPECT_EQ(quantile(std::vector<double>{1, 2, kInf}, 0.75), kInf);
}

TEST(Descriptive, QuantileIsMonotoneAcrossTheLerpSwitch) {
  // The g ≥ 1/2 branch must not step backwards against the g < 1/2 one.
  const std::vector<double> x{0.1, 0.7000000000000001, 0.9, 1e-3, 123.456};
  double previous = -kInf;
  for (int i = 0; i <= 1000; ++i) {
    const double q = quantile(x, i / 1000.0);
    EXPECT_GE(q, previous) << "at q = " << i / 1000.0;
    previous = q;
  }
}

TEST(Descriptive, RejectsProbabilitiesOutsideTheUnitInterval) {
  const std::vector<double> x{1, 2};
  EXPECT_THROW((void)quantile(x, -0.1), std::invalid_argument);
  EXPECT_THROW((void)quantile(x, 1.5), std::invalid_argument);
  EXPECT_THROW((void)quantile(x, kNaN), std::invalid_argument);
  const std::array<double, 2> qs{0.5, 2.0};
  EXPECT_THROW((void)quantiles(x, qs), std::invalid_argument);
}

TEST(Descriptive, MatchesNumpy) {
  for (const auto& c : golden().at("descriptive")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const std::vector<double> x = numbers(c.at("values"));
    // numpy sums pairwise beyond 8 values, lrbench left to right: the means
    // agree to rounding, not to the bit.
    EXPECT_TRUE(close(mean(x), number(c.at("mean")), 1e-14));
    EXPECT_TRUE(close(sample_standard_deviation(x), number(c.at("std")), 1e-13));
    EXPECT_TRUE(close(median(x), number(c.at("median")), 0.0));
    EXPECT_TRUE(close(lower_median(x), number(c.at("lower_median")), 0.0));
    if (!c.contains("quantiles")) continue;
    const std::vector<double> qs = numbers(c.at("quantiles").at("q"));
    const std::vector<double> want = numbers(c.at("quantiles").at("value"));
    const std::vector<double> got = quantiles(x, qs);
    for (std::size_t i = 0; i < qs.size(); ++i) {
      EXPECT_EQ(got[i], want[i]) << "q = " << qs[i];  // the same interpolation: the same bits
    }
  }
}

}  // namespace
}  // namespace lrbench::stats
