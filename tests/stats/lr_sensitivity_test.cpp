// LR sensitivity width, by hand on small grids (the definition is lrbench's
// own, docs/statistics.md).
#include "stats/lr_sensitivity.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace lrbench::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 1e-4 … 1 in half decades (9 points, step δ = 0.5 decade).
const std::vector<double> kGrid{1e-4, 3.1622776601683794e-4, 1e-3, 3.1622776601683794e-3, 1e-2,
                                3.1622776601683794e-2, 1e-1, 3.1622776601683794e-1, 1.0};

TEST(LrSensitivity, ContiguousSetOnAUniformGrid) {
  // Best 0.91 at 1e-2; within ε = 0.01: 0.905, 0.91, 0.902 → 3 points × 0.5
  // = 1.5 decades, = the span 10^-2.5 … 10^-1.5 (1 decade) + one step.
  const std::vector<double> scores{0.3, 0.5, 0.85, 0.905, 0.91, 0.902, 0.6, 0.2, kNaN};
  const LrSensitivity s = lr_sensitivity(kGrid, scores);
  EXPECT_EQ(s.best_score, 0.91);
  EXPECT_EQ(s.best_lr, 1e-2);
  EXPECT_EQ(s.qualifying, 3U);
  EXPECT_NEAR(s.width_decades, 1.5, 1e-12);
  EXPECT_EQ(s.lowest_lr, kGrid[3]);
  EXPECT_EQ(s.highest_lr, kGrid[5]);
  EXPECT_TRUE(s.contiguous);
  EXPECT_EQ(s.qualifies, (std::vector<bool>{false, false, false, true, true, true, false, false, false}));
}

TEST(LrSensitivity, ExactlyEpsilonBelowTheBestQualifies) {
  // 0.96 − 0.95 is 0.010000000000000009 in doubles, still "within 0.01"
  // thanks to the 1e-12 slack; 0.94 is not.
  const std::vector<double> lrs{1e-3, 1e-2, 1e-1};
  const LrSensitivity s = lr_sensitivity(lrs, std::vector<double>{0.95, 0.96, 0.94});
  EXPECT_EQ(s.qualifies, (std::vector<bool>{true, true, false}));
  EXPECT_NEAR(s.width_decades, 2.0, 1e-12);
  // ε = 0: only the best (and exact ties with it).
  const LrSensitivity tight = lr_sensitivity(lrs, std::vector<double>{0.96, 0.96, 0.94}, 0.0);
  EXPECT_EQ(tight.qualifying, 2U);
  EXPECT_EQ(tight.best_lr, 1e-3);  // ties: the lowest lr
}

TEST(LrSensitivity, NonContiguousSetCountsOnlyTheGoodPoints) {
  // good, bad, good, good: 3 × 1 decade, not the 4-decade span + step.
  const std::vector<double> lrs{1e-4, 1e-3, 1e-2, 1e-1};
  const LrSensitivity s = lr_sensitivity(lrs, std::vector<double>{0.9, 0.5, 0.9, 0.91});
  EXPECT_FALSE(s.contiguous);
  EXPECT_EQ(s.qualifying, 3U);
  EXPECT_NEAR(s.width_decades, 3.0, 1e-12);
  EXPECT_EQ(s.lowest_lr, 1e-4);
  EXPECT_EQ(s.highest_lr, 1e-1);
}

TEST(LrSensitivity, IrregularGridUsesNearestNeighbourCells) {
  // u = −3, −2, −1.5, 0: cells 1 (mirrored end), (−1.5 + 3)/2 = 0.75,
  // (0 + 2)/2 = 1, 1.5 (mirrored end). All qualify: 4.25 decades.
  const std::vector<double> lrs{1e-3, 1e-2, 3.1622776601683794e-2, 1.0};
  const std::vector<double> flat{0.5, 0.5, 0.5, 0.5};
  EXPECT_NEAR(lr_sensitivity(lrs, flat).width_decades, 4.25, 1e-12);
  const LrSensitivity middle = lr_sensitivity(lrs, std::vector<double>{0.1, 0.5, 0.1, 0.1});
  EXPECT_NEAR(middle.width_decades, 0.75, 1e-12);
}

TEST(LrSensitivity, LowerIsBetterAndInputOrder) {
  // Losses, shuffled: best 0.30 at 1e-2; 0.305 qualifies, 0.4 does not.
  const std::vector<double> lrs{1e-1, 1e-3, 1e-2};
  const LrSensitivity s =
      lr_sensitivity(lrs, std::vector<double>{0.4, 0.305, 0.30}, 0.01, Direction::lower_is_better);
  EXPECT_EQ(s.best_lr, 1e-2);
  EXPECT_EQ(s.qualifies, (std::vector<bool>{false, true, true}));  // input order
  EXPECT_NEAR(s.width_decades, 2.0, 1e-12);
  // A diverged lr (loss +inf) never qualifies but keeps its place in the grid.
  const LrSensitivity d = lr_sensitivity(lrs, std::vector<double>{std::numeric_limits<double>::infinity(), 0.3, 0.3},
                                         0.01, Direction::lower_is_better);
  EXPECT_EQ(d.qualifying, 2U);
  EXPECT_NEAR(d.width_decades, 2.0, 1e-12);
}

TEST(LrSensitivity, DegenerateInputs) {
  const LrSensitivity one = lr_sensitivity(std::vector<double>{1e-2}, std::vector<double>{0.8});
  EXPECT_EQ(one.qualifying, 1U);
  EXPECT_TRUE(std::isnan(one.width_decades));  // no grid step to measure with
  const LrSensitivity none = lr_sensitivity(std::vector<double>{1e-2, 1e-1}, std::vector<double>{kNaN, kNaN});
  EXPECT_EQ(none.qualifying, 0U);
  EXPECT_EQ(none.width_decades, 0.0);
  EXPECT_TRUE(std::isnan(none.best_score));
  EXPECT_TRUE(std::isnan(none.best_lr));
  EXPECT_THROW((void)lr_sensitivity(std::vector<double>{1e-2}, std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW((void)lr_sensitivity(std::vector<double>{}, std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW((void)lr_sensitivity(std::vector<double>{0.0, 1.0}, std::vector<double>{1, 1}), std::invalid_argument);
  EXPECT_THROW((void)lr_sensitivity(std::vector<double>{0.1, 0.1}, std::vector<double>{1, 1}), std::invalid_argument);
  EXPECT_THROW((void)lr_sensitivity(std::vector<double>{0.1}, std::vector<double>{1}, -0.1), std::invalid_argument);
}

}  // namespace
}  // namespace lrbench::stats
