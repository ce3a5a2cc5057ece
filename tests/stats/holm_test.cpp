// Holm–Bonferroni: by hand, then against a numpy step-down loop and R's
// p.adjust formula (tests/data/golden/stats.json).
#include "stats/holm.hpp"

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

TEST(Holm, FourPValuesByHand) {
  // p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted: 0.005, 0.01, 0.03, 0.04;
  // scaled (m − i + 1)·p: 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06,
  // 1·0.04 = 0.04; running maximum: 0.02, 0.03, 0.06, 0.06. Back in input
  // order: (0.03, 0.06, 0.06, 0.02). At α = 0.05 the step-down rejects
  // 0.005 ≤ 0.05/4 and 0.01 ≤ 0.05/3, then stops at 0.03 > 0.05/2.
  const std::vector<double> p{0.01, 0.04, 0.03, 0.005};
  const HolmResult r = holm_bonferroni(p, 0.05);
  ASSERT_EQ(r.adjusted.size(), 4U);
  EXPECT_NEAR(r.adjusted[0], 0.03, 1e-15);
  EXPECT_NEAR(r.adjusted[1], 0.06, 1e-15);
  EXPECT_NEAR(r.adjusted[2], 0.06, 1e-15);
  EXPECT_NEAR(r.adjusted[3], 0.02, 1e-15);
  EXPECT_EQ(r.rejected, (std::vector<bool>{true, false, false, true}));
  // 0.04 alone would pass at α = 0.05, but the step-down stopped before it.
}

TEST(Holm, AdjustedValuesAreMonotoneCappedAndNeverBelowTheRawOnes) {
  const std::vector<double> p{0.9, 0.001, 0.5, 0.02, 0.02, 0.3};
  const HolmResult r = holm_bonferroni(p);
  for (std::size_t i = 0; i < p.size(); ++i) {
    EXPECT_GE(r.adjusted[i], p[i]);
    EXPECT_LE(r.adjusted[i], 1.0);
    for (std::size_t j = 0; j < p.size(); ++j) {
      if (p[i] < p[j]) EXPECT_LE(r.adjusted[i], r.adjusted[j]);
      if (p[i] == p[j]) EXPECT_EQ(r.adjusted[i], r.adjusted[j]);  // equal p, equal decision
    }
  }
  // Sorted: 0.001, 0.02, 0.02, 0.3, 0.5, 0.9; scaled 0.006, 0.1, 0.08, 0.9,
  // 2·0.5 = 1, 0.9: the running maximum is 1 from the fifth on.
  EXPECT_EQ(r.adjusted[0], 1.0);
  EXPECT_EQ(r.adjusted[2], 1.0);
  EXPECT_EQ(r.adjusted[3], r.adjusted[4]);
}

TEST(Holm, OneTestIsUncorrectedAndNoTestsIsEmpty) {
  const std::vector<double> one{0.04};
  const HolmResult r = holm_bonferroni(one, 0.05);
  EXPECT_EQ(r.adjusted[0], 0.04);
  EXPECT_TRUE(r.rejected[0]);
  EXPECT_TRUE(holm_bonferroni(std::vector<double>{}).adjusted.empty());
}

TEST(Holm, RejectsInvalidInput) {
  EXPECT_THROW((void)holm_bonferroni(std::vector<double>{0.5, 1.5}), std::invalid_argument);
  EXPECT_THROW((void)holm_bonferroni(std::vector<double>{-0.1}), std::invalid_argument);
  EXPECT_THROW((void)holm_bonferroni(std::vector<double>{std::nan("")}), std::invalid_argument);
  EXPECT_THROW((void)holm_bonferroni(std::vector<double>{0.1}, 0.0), std::invalid_argument);
  EXPECT_THROW((void)holm_bonferroni(std::vector<double>{0.1}, 1.0), std::invalid_argument);
}

TEST(Holm, MatchesReference) {
  for (const auto& c : golden().at("holm")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const HolmResult r = holm_bonferroni(numbers(c.at("p")), c.at("alpha").get<double>());
    const std::vector<double> want = numbers(c.at("adjusted"));
    ASSERT_EQ(r.adjusted.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_TRUE(close(r.adjusted[i], want[i], 0.0)) << i;  // (m − i + 1)·p, max, min: the same bits
      EXPECT_EQ(r.rejected[i], c.at("rejected")[i].get<bool>()) << i;
    }
  }
}

}  // namespace
}  // namespace lrbench::stats
