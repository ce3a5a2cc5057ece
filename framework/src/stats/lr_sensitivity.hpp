// LR sensitivity width: over how many decades of learning rate an optimizer
// scores within ε of its best (the question of Schmidt, Schneider & Hennig
// 2021, "Descending through a Crowded Valley", and of DeepOBS's tuning
// plots, as one number).
//
// Input: the tuning scores at learning rates lr₁ … lrₙ (any order, distinct,
// > 0; a log-spaced grid such as 13 points over 1e-5 … 1), each already
// averaged over the tuning seeds. A score that is NaN or infinite marks an
// lr without a usable score (e.g. its seeds diverged): it never qualifies,
// but its lr still belongs to the grid.
//
// Qualifying set. With best = the best score (max; min for lower-is-better),
// lr qualifies when its score s satisfies best − s ≤ ε (higher-is-better) or
// s − best ≤ ε (lower-is-better), ε ≥ 0 in the metric's units (default 0.01:
// one accuracy point). The best lr always qualifies. The comparison allows a
// slack of 1e-12·max(1, |best|) for decimal rounding (0.96 − 0.95 is
// 0.010000000000000009 in doubles, and 0.95 should count as within 0.01).
//
// Width, in decades. Work in u = log₁₀ lr, sorted: u₁ < … < uₙ. Each point
// stands for the cell of log-lr space closer to it than to its neighbours,
// with the end cells mirrored outwards, so its width is
//   w₁ = u₂ − u₁,   wₙ = uₙ − uₙ₋₁,   wᵢ = (uᵢ₊₁ − uᵢ₋₁)/2 otherwise,
// and width = Σ_{qualifying i} wᵢ. On a uniform grid of step δ decades every
// wᵢ = δ, so
//   width = (number of qualifying points) × δ,
// which for a contiguous set equals the span from the lowest to the highest
// qualifying lr plus one step. Why this definition:
// - one qualifying point gives one step, not zero: the grid cannot resolve
//   anything narrower, and a zero would claim a knife edge it never saw;
// - a non-contiguous set (good, bad, good again: usually noise or two
//   regimes) counts only the lrs that work; the span would also count the
//   bad ones in the gap. Such sets are flagged (`contiguous` = false) so a
//   report can say so; lowest/highest give the span if wanted;
// - it is defined for any grid, also an irregular one (random search).
// Only one lr: the grid has no step, the width is NaN. No usable score at
// all: nothing qualifies, best_score and best_lr are NaN, the width is 0.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "stats/direction.hpp"

namespace lrbench::stats {

struct LrSensitivity {
  double best_score = 0.0;  // NaN when no score is usable
  double best_lr = 0.0;     // the lowest lr with the best score; NaN when none
  double width_decades = 0.0;
  std::size_t qualifying = 0;  // how many lrs qualify
  double lowest_lr = 0.0;      // the smallest qualifying lr (NaN when none)
  double highest_lr = 0.0;     // the largest qualifying lr (NaN when none)
  bool contiguous = true;      // no non-qualifying lr between two qualifying ones
  std::vector<bool> qualifies; // per input point, in input order
};

// Throws std::invalid_argument when the spans differ in length or are empty,
// an lr is not finite and > 0, two lrs are equal, or epsilon is < 0 or NaN.
[[nodiscard]] LrSensitivity lr_sensitivity(std::span<const double> lrs, std::span<const double> scores,
                                           double epsilon = 0.01,
                                           Direction direction = Direction::higher_is_better);

}  // namespace lrbench::stats
