// Pairwise verdicts and ranks, on cases whose p-values are known (exact
// Mann–Whitney counts; the scipy values are quoted where used).
#include "stats/pairwise.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lrbench::stats {
namespace {

std::vector<double> range(double first, int n, double step = 1.0) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(first + step * i);
  return v;
}

TEST(Pairwise, IdenticalScoresTie) {
  // Same scores: U1 = U2, p = 1 (ties → normal approximation with z < 0).
  const std::vector<std::vector<double>> scores{{0.91, 0.9, 0.92, 0.9, 0.93}, {0.91, 0.9, 0.92, 0.9, 0.93}};
  const PairwiseComparison c = compare_pairwise(scores);
  ASSERT_EQ(c.pairs.size(), 1U);
  EXPECT_EQ(c.pairs[0].test.p, 1.0);
  EXPECT_EQ(c.pairs[0].verdict, Verdict::tie);
  EXPECT_EQ(c.contenders[0].rank, 1);
  EXPECT_EQ(c.contenders[1].rank, 1);
  EXPECT_EQ(c.pairs[0].mean_difference.estimate, 0.0);
  // Every score equal, across contenders too: still a tie.
  const std::vector<std::vector<double>> flat{{0.5, 0.5, 0.5}, {0.5, 0.5}};
  EXPECT_EQ(compare_pairwise(flat).pairs[0].verdict, Verdict::tie);
}

TEST(Pairwise, IdenticalContendersShareEveryVerdictAndTheirRank) {
  // Contenders 1 and 2 have the same scores; 0 beats both and 3 loses to
  // both, all completely separated with 10 seeds (exact p = 2/C(20, 10)
  // = 1.08e-5 each; Holm over 6 pairs keeps them far below 0.05).
  const std::vector<std::vector<double>> scores{range(30, 10), range(10, 10), range(10, 10), range(-10, 10)};
  const PairwiseComparison c = compare_pairwise(scores);
  EXPECT_EQ(verdict_of(c, 1, 2), Verdict::tie);
  for (std::size_t other : {0U, 3U}) {
    EXPECT_EQ(verdict_of(c, 1, other), verdict_of(c, 2, other));
    EXPECT_EQ(c.pairs[pair_index(std::min<std::size_t>(1, other), std::max<std::size_t>(1, other), 4)].p_adjusted,
              c.pairs[pair_index(std::min<std::size_t>(2, other), std::max<std::size_t>(2, other), 4)].p_adjusted);
  }
  EXPECT_EQ(c.contenders[0].rank, 1);
  EXPECT_EQ(c.contenders[1].rank, 2);
  EXPECT_EQ(c.contenders[2].rank, 2);
  EXPECT_EQ(c.contenders[3].rank, 4);  // three contenders are better: ranks skip 3
}

TEST(Pairwise, SeparatedContendersAreOrderedBothWays) {
  // Three contenders, completely separated, 10 seeds each: p = 2/184756 =
  // 1.0825e-5 per pair; Holm: 3p, then max(3p, 2p), max(·, p) = 3p for all.
  const std::vector<std::vector<double>> scores{range(0.80, 10, 0.001), range(0.90, 10, 0.001),
                                                range(0.70, 10, 0.001)};
  const PairwiseComparison up = compare_pairwise(scores);
  for (const PairResult& pair : up.pairs) {
    EXPECT_TRUE(pair.test.exact);
    EXPECT_NEAR(pair.test.p, 2.0 / 184756.0, 1e-17);
    EXPECT_NEAR(pair.p_adjusted, 3 * 2.0 / 184756.0, 1e-17);
    EXPECT_TRUE(pair.significant);
  }
  EXPECT_EQ(verdict_of(up, 1, 0), Verdict::better);
  EXPECT_EQ(verdict_of(up, 0, 1), Verdict::worse);
  EXPECT_EQ(verdict_of(up, 0, 2), Verdict::better);
  EXPECT_EQ(up.contenders[0].rank, 2);
  EXPECT_EQ(up.contenders[1].rank, 1);
  EXPECT_EQ(up.contenders[2].rank, 3);
  // mean(0) − mean(1) = −0.1; the other order negates estimate and ends.
  const BootstrapInterval d01 = mean_difference_of(up, 0, 1);
  const BootstrapInterval d10 = mean_difference_of(up, 1, 0);
  EXPECT_NEAR(d01.estimate, -0.1, 1e-12);
  EXPECT_LT(d01.upper, 0.0);  // the whole interval is below 0
  EXPECT_EQ(d10.estimate, -d01.estimate);
  EXPECT_EQ(d10.lower, -d01.upper);
  EXPECT_EQ(d10.upper, -d01.lower);

  // A loss: lower is better, so the same numbers rank the other way.
  const PairwiseComparison down = compare_pairwise(scores, {.direction = Direction::lower_is_better});
  EXPECT_EQ(verdict_of(down, 1, 0), Verdict::worse);
  EXPECT_EQ(down.contenders[0].rank, 2);
  EXPECT_EQ(down.contenders[1].rank, 3);
  EXPECT_EQ(down.contenders[2].rank, 1);
}

TEST(Pairwise, ThreeSeedsCanNeverSeparate) {
  // n = 3 a side: the smallest two-sided p is 2/C(6, 3) = 0.1 > 0.05, so even
  // completely separated contenders tie: too few seeds for any verdict.
  const std::vector<std::vector<double>> scores{{1, 2, 3}, {10, 11, 12}};
  const PairwiseComparison c = compare_pairwise(scores);
  EXPECT_NEAR(c.pairs[0].test.p, 0.1, 1e-15);
  EXPECT_EQ(c.pairs[0].verdict, Verdict::tie);
  EXPECT_EQ(c.contenders[0].rank, 1);
  EXPECT_EQ(c.contenders[1].rank, 1);
}

TEST(Pairwise, RankCountsOnlyThoseSignificantlyBetter) {
  // A = 10…19, B = {0.5, 2.5, …, 19.5} (mean 10), C = 0…9. scipy exact p:
  // A–B 0.1230, A–C 1.0825e-5, B–C 0.05243. Holm (m = 3): A–C 3·1.08e-5
  // (rejected), B–C 2·0.05243 = 0.1049 (not), A–B max(0.1049, 0.1230).
  // So A beats C, B ties both: A and B share rank 1, C is rank 2 although
  // B and C were not separated.
  const std::vector<std::vector<double>> scores{
      range(10, 10), {0.5, 2.5, 4.5, 6.5, 9.5, 10.5, 13.5, 15.5, 17.5, 19.5}, range(0, 10)};
  const PairwiseComparison c = compare_pairwise(scores);
  const PairResult& ab = c.pairs[pair_index(0, 1, 3)];
  const PairResult& ac = c.pairs[pair_index(0, 2, 3)];
  const PairResult& bc = c.pairs[pair_index(1, 2, 3)];
  EXPECT_NEAR(ab.test.p, 0.1230054774946416, 1e-12);
  EXPECT_NEAR(ac.test.p, 1.082508822446903e-05, 1e-15);
  EXPECT_NEAR(bc.test.p, 0.0524259022711035, 1e-12);
  EXPECT_NEAR(bc.p_adjusted, 2 * 0.0524259022711035, 1e-12);
  EXPECT_NEAR(ab.p_adjusted, 0.1230054774946416, 1e-12);
  EXPECT_EQ(ac.verdict, Verdict::better);
  EXPECT_EQ(ab.verdict, Verdict::tie);
  EXPECT_EQ(bc.verdict, Verdict::tie);
  EXPECT_EQ(c.contenders[0].rank, 1);
  EXPECT_EQ(c.contenders[1].rank, 1);
  EXPECT_EQ(c.contenders[2].rank, 2);
  EXPECT_EQ(c.contenders[1].mean, 10.0);
  EXPECT_EQ(ac.mean_difference.estimate, 10.0);
}

TEST(Pairwise, SummariesAndIntervalsDependOnlyOnTheirOwnScores) {
  const std::vector<std::vector<double>> two{{0.9, 0.92, 0.91, 0.95}, {0.85, 0.9, 0.88, 0.87}};
  std::vector<std::vector<double>> three = two;
  three.push_back({0.5, 0.6, 0.7});
  const PairwiseComparison a = compare_pairwise(two);
  const PairwiseComparison b = compare_pairwise(three);
  EXPECT_EQ(a.pairs[0].mean_difference.lower, b.pairs[0].mean_difference.lower);
  EXPECT_EQ(a.pairs[0].mean_difference.upper, b.pairs[0].mean_difference.upper);
  EXPECT_EQ(a.contenders[1].mean_interval.lower, b.contenders[1].mean_interval.lower);
  // The summary: n, mean, sd (n − 1), median.
  EXPECT_EQ(a.contenders[0].n, 4U);
  EXPECT_NEAR(a.contenders[0].mean, 0.92, 1e-15);
  EXPECT_NEAR(a.contenders[0].standard_deviation, std::sqrt((0.0004 + 0 + 0.0001 + 0.0009) / 3), 1e-15);
  EXPECT_NEAR(a.contenders[0].median, 0.915, 1e-15);
}

TEST(Pairwise, PairIndexEnumeratesPairsInOrder) {
  for (std::size_t k : {2U, 3U, 7U}) {
    std::size_t expected = 0;
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = i + 1; j < k; ++j) EXPECT_EQ(pair_index(i, j, k), expected++);
    }
  }
  const PairwiseComparison c = compare_pairwise(std::vector<std::vector<double>>{{1}, {2}, {3}, {4}});
  ASSERT_EQ(c.pairs.size(), 6U);
  EXPECT_EQ(c.pairs[pair_index(1, 3, 4)].first, 1U);
  EXPECT_EQ(c.pairs[pair_index(1, 3, 4)].second, 3U);
}

TEST(Pairwise, EdgeCasesAndBadInput) {
  EXPECT_TRUE(compare_pairwise(std::vector<std::vector<double>>{}).contenders.empty());
  const PairwiseComparison one = compare_pairwise(std::vector<std::vector<double>>{{0.5, 0.6}});
  EXPECT_TRUE(one.pairs.empty());
  EXPECT_EQ(one.contenders[0].rank, 1);
  EXPECT_THROW((void)compare_pairwise(std::vector<std::vector<double>>{{1.0}, {}}), std::invalid_argument);
  EXPECT_THROW((void)compare_pairwise(std::vector<std::vector<double>>{{1.0}, {std::nan("")}}),
               std::invalid_argument);
  EXPECT_THROW((void)compare_pairwise(std::vector<std::vector<double>>{{1.0}}, {.alpha = 0.0}), std::invalid_argument);
  EXPECT_THROW((void)verdict_of(one, 0, 0), std::invalid_argument);
  EXPECT_EQ(std::string(to_string(Verdict::better)), "better");
  EXPECT_EQ(std::string(to_string(Verdict::worse)), "worse");
  EXPECT_EQ(std::string(to_string(Verdict::tie)), "tie");
}

}  // namespace
}  // namespace lrbench::stats
