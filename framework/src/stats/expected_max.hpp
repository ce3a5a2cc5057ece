// Expected best validation score after k random trials: the tuning-budget
// curve (Dodge, Gururangan, Card, Schwartz & Smith 2019, "Show Your Work:
// Improved Reporting of Experimental Results", EMNLP, section 3, "expected
// validation performance").
//
// Given the scores of n random-search trials, a budget of k trials is
// modelled as k draws with replacement from those n (as in the paper); the
// best of them, V*_k, has the CDF P(V*_k ≤ v) = F̂(v)^k with F̂ the empirical
// CDF. With the scores sorted ascending, v₍₁₎ ≤ … ≤ v₍ₙ₎,
//   P(V*_k = v₍ᵢ₎ as the i-th order statistic) = wᵢ = (i/n)^k − ((i − 1)/n)^k,
//   E[V*_k]   = Σᵢ wᵢ·v₍ᵢ₎,
//   Var[V*_k] = Σᵢ wᵢ·(v₍ᵢ₎ − E[V*_k])²
// (tied scores split their probability between positions, which changes
// nothing in the sums). Computed exactly from the trials, with no resampling
// noise: E[V*_1] is the mean score, and E[V*_k] rises with k towards the
// best score, which it reaches only when all scores are equal (every wᵢ > 0).
//
// Lower-is-better metrics (a loss): the same with the minimum, computed as
// −E[max of −v]; the variance is the same.
//
// Arithmetic: (i/n)^k by repeated multiplication of i/n (k multiplications;
// no libm pow), sums in ascending order of the scores.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "stats/direction.hpp"

namespace lrbench::stats {

struct ExpectedBest {
  std::vector<double> mean;      // mean[k − 1] = E[V*_k], k = 1 … K
  std::vector<double> variance;  // variance[k − 1] = Var[V*_k]
};

// For k = 1 … max_trials (which may exceed n: budgets beyond the trials run
// are still defined under sampling with replacement). Throws
// std::invalid_argument when there is no score, a score is not finite (map a
// diverged trial to a finite worst score first), or max_trials is 0.
[[nodiscard]] ExpectedBest expected_best_of_k(std::span<const double> scores, std::size_t max_trials,
                                              Direction direction = Direction::higher_is_better);

}  // namespace lrbench::stats
