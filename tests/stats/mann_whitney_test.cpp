// The Mann–Whitney U test: by hand (these tests moved here with the code from
// tests/compare), then against scipy.stats.mannwhitneyu.
#include "stats/mann_whitney.hpp"

#include <cmath>
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

MannWhitneyResult mw(const std::vector<double>& a, const std::vector<double>& b) { return mann_whitney_u(a, b); }

TEST(MannWhitney, CompletelySeparatedSamplesGiveTheSmallestExactP) {
  // n1 = n2 = 3: 20 orderings, one with U = 0 → p = 2/20.
  const auto r = mw({1, 2, 3}, {4, 5, 6});
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u1, 0.0);
  EXPECT_DOUBLE_EQ(r.u2, 9.0);
  EXPECT_NEAR(r.p, 0.1, 1e-12);
  // n1 = n2 = 5: 252 orderings → p = 2/252.
  EXPECT_NEAR(mw({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}).p, 2.0 / 252.0, 1e-12);
  // Symmetric in the order of the samples.
  EXPECT_NEAR(mw({6, 7, 8, 9, 10}, {1, 2, 3, 4, 5}).p, 2.0 / 252.0, 1e-12);
}

TEST(MannWhitney, ExactDistributionMatchesHandCounting) {
  // Sizes (3, 3): counts of U = 0..9 are 1 1 2 3 3 3 3 2 1 1 (sum 20).
  // a = {1, 3, 5}, b = {2, 4, 6}: U1 = #(a > b) = 0 + 1 + 2 = 3,
  // P(U ≤ 3) = (1 + 1 + 2 + 3)/20 = 7/20, p = 0.7.
  const auto r = mw({1, 3, 5}, {2, 4, 6});
  EXPECT_DOUBLE_EQ(r.u1, 3.0);
  EXPECT_NEAR(r.p, 0.7, 1e-12);
  EXPECT_NEAR(exact_cdf(3, 3, 3), 7.0 / 20.0, 1e-12);
  // Sizes (3, 4), a = {1, 2, 4}, b = {3, 5, 6, 7}: U1 = 1 (4 > 3);
  // C(7, 3) = 35 orderings, counts of U = 0, 1 are 1, 1 → p = 2·2/35.
  const auto s = mw({1, 2, 4}, {3, 5, 6, 7});
  EXPECT_DOUBLE_EQ(s.u1, 1.0);
  EXPECT_NEAR(s.p, 4.0 / 35.0, 1e-12);
  // Identical distributions in the middle: p capped at 1.
  EXPECT_NEAR(mw({1, 4}, {2, 3}).p, 1.0, 1e-12);
}

TEST(MannWhitney, TiesUseTheNormalApproximationWithTieCorrection) {
  // a = {1, 2, 2}, b = {2, 3}: midranks 1 | 3 3 3 | 5, R1 = 7, U1 = 1, U2 = 5.
  // σ² = 3·2/12 · (6 − (3³ − 3)/(5·4)) = 2.4, z = (5 − 3 − 0.5)/√2.4,
  // p = erfc(z/√2) = 0.332921608...
  const auto r = mw({1, 2, 2}, {2, 3});
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u1, 1.0);
  EXPECT_NEAR(r.p, 0.3329216080655660, 1e-12);
  // All values equal: no evidence at all.
  EXPECT_DOUBLE_EQ(mw({5, 5, 5}, {5, 5}).p, 1.0);
  EXPECT_THROW((void)mw({}, {1}), std::invalid_argument);
  EXPECT_THROW((void)mw({1, std::nan("")}, {2}), std::invalid_argument);
}

TEST(MannWhitney, MinimumRepetitionsForAlpha) {
  EXPECT_EQ(min_repetitions(0.01), 5);  // 2/252 ≈ 0.0079 ≤ 0.01 < 2/70 ≈ 0.029
  EXPECT_EQ(min_repetitions(0.05), 4);
  EXPECT_EQ(min_repetitions(0.1), 3);   // 2/20 = 0.1
  EXPECT_NEAR(smallest_p(4, 5), 2.0 / 126.0, 1e-12);
}

TEST(MannWhitney, MatchesScipy) {
  for (const auto& c : golden().at("mann_whitney")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const MannWhitneyResult r = mw(numbers(c.at("a")), numbers(c.at("b")));
    EXPECT_EQ(r.exact, c.at("exact").get<bool>());
    EXPECT_EQ(r.u1, number(c.at("u1")));  // half-integers: exact
    EXPECT_TRUE(close(r.p, number(c.at("p")), 1e-12));
  }
}

TEST(MannWhitney, PValueIsSymmetricInTheOrderOfTheSamples) {
  for (const auto& c : golden().at("mann_whitney")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const std::vector<double> a = numbers(c.at("a"));
    const std::vector<double> b = numbers(c.at("b"));
    const MannWhitneyResult ab = mw(a, b);
    const MannWhitneyResult ba = mw(b, a);
    EXPECT_EQ(ab.p, ba.p);
    EXPECT_EQ(ab.u1, ba.u2);
  }
}

}  // namespace
}  // namespace lrbench::stats
