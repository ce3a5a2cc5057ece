// Performance profiles and the area score: a hand-worked table, then numpy
// (ratios, ρ on a grid) and a step-by-step integration
// (tests/data/golden/stats.json).
#include "stats/performance_profile.hpp"

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

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(PerformanceProfile, HandWorkedTable) {
  // Epochs to target, 3 solvers × 4 problems; nobody solves problem 2.
  //            p0   p1   p2   p3
  //   s0       10   20   ∞    7
  //   s1        5   20   ∞   28
  //   s2       15   ∞    ∞   14
  //   best      5   20   –    7
  // Ratios over the kept problems (0, 1, 3): s0 (2, 1, 1), s1 (1, 1, 4),
  // s2 (3, ∞, 2). ρ(1): s0 2/3, s1 2/3 (the tie on p1 counts for both),
  // s2 0. Scores over [1, 4], Σ max(0, 4 − r)/3/P: s0 (2 + 3 + 3)/9 = 8/9,
  // s1 (3 + 3 + 0)/9 = 2/3, s2 (1 + 0 + 2)/9 = 1/3.
  const std::vector<double> costs{10, 20, kInf, 7, 5, 20, kInf, 28, 15, kInf, kInf, 14};
  const PerformanceProfile p = performance_profile(costs, 3, 4);
  EXPECT_EQ(p.kept, (std::vector<std::size_t>{0, 1, 3}));
  EXPECT_EQ(p.dropped, (std::vector<std::size_t>{2}));
  EXPECT_EQ(p.ratios, (std::vector<double>{2, 1, 1, 1, 1, 4, 3, kInf, 2}));
  EXPECT_DOUBLE_EQ(profile_fraction(p, 0, 1.0), 2.0 / 3);
  EXPECT_DOUBLE_EQ(profile_fraction(p, 1, 1.0), 2.0 / 3);
  EXPECT_EQ(profile_fraction(p, 2, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(profile_fraction(p, 2, 2.5), 1.0 / 3);  // right-continuous steps: r = 2 is in
  EXPECT_DOUBLE_EQ(profile_fraction(p, 2, 1e9), 2.0 / 3);  // never reaches 1: p1 unsolved
  EXPECT_DOUBLE_EQ(profile_score(p, 0), 8.0 / 9);
  EXPECT_DOUBLE_EQ(profile_score(p, 1), 2.0 / 3);
  EXPECT_DOUBLE_EQ(profile_score(p, 2), 1.0 / 3);
  EXPECT_EQ(profile_steps(p, 2), (std::vector<double>{2, 3}));
  // On [1, 2] only ratios ≤ 2 count: s1 scores (1 + 1 + 0)/3 = 2/3.
  EXPECT_DOUBLE_EQ(profile_score(p, 1, 2.0), 2.0 / 3);
}

TEST(PerformanceProfile, BestEverywhereScoresOneAndNothingSolvedIsNaN) {
  const std::vector<double> costs{1, 2, 3, 2, 4, 6};  // s0 is the best on all three
  const PerformanceProfile p = performance_profile(costs, 2, 3);
  EXPECT_EQ(profile_score(p, 0), 1.0);
  EXPECT_EQ(profile_score(p, 1), 2.0 / 3);  // every ratio 2: (4 − 2)/3
  const PerformanceProfile none = performance_profile(std::vector<double>{kInf, kInf}, 2, 1);
  EXPECT_TRUE(none.kept.empty());
  EXPECT_EQ(none.dropped, (std::vector<std::size_t>{0}));
  EXPECT_TRUE(std::isnan(profile_score(none, 0)));
  EXPECT_TRUE(std::isnan(profile_fraction(none, 1, 2.0)));
}

TEST(PerformanceProfile, RejectsUnusableInput) {
  EXPECT_THROW((void)performance_profile(std::vector<double>{1, 2, 3}, 2, 2), std::invalid_argument);
  EXPECT_THROW((void)performance_profile(std::vector<double>{1, 0}, 2, 1), std::invalid_argument);
  EXPECT_THROW((void)performance_profile(std::vector<double>{1, -kInf}, 2, 1), std::invalid_argument);
  EXPECT_THROW((void)performance_profile(std::vector<double>{1, std::nan("")}, 2, 1), std::invalid_argument);
  const PerformanceProfile p = performance_profile(std::vector<double>{1, 2}, 2, 1);
  EXPECT_THROW((void)profile_score(p, 0, 1.0), std::invalid_argument);
  EXPECT_THROW((void)profile_fraction(p, 2, 1.0), std::invalid_argument);
}

TEST(PerformanceProfile, MatchesNumpy) {
  for (const auto& c : golden().at("performance_profile")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    std::vector<double> costs;
    for (const auto& row : c.at("costs")) {
      for (double x : numbers(row)) costs.push_back(x);
    }
    const std::size_t solvers = c.at("costs").size();
    const PerformanceProfile p = performance_profile(costs, solvers, costs.size() / solvers);
    EXPECT_EQ(p.kept, c.at("kept").get<std::vector<std::size_t>>());
    EXPECT_EQ(p.dropped, c.at("dropped").get<std::vector<std::size_t>>());
    const std::vector<double> taus = numbers(c.at("taus"));
    for (std::size_t s = 0; s < solvers; ++s) {
      const std::vector<double> want_ratios = numbers(c.at("ratios")[s]);
      for (std::size_t q = 0; q < want_ratios.size(); ++q) {
        EXPECT_EQ(p.ratios[s * p.kept.size() + q], want_ratios[q]);  // one division: the same bits
      }
      EXPECT_EQ(profile_on_grid(p, s, taus), numbers(c.at("rho")[s]));
      EXPECT_TRUE(close(profile_score(p, s), numbers(c.at("score"))[s], 1e-14)) << "solver " << s;
    }
  }
}

}  // namespace
}  // namespace lrbench::stats
