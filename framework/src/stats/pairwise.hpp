// "Better, worse or tie": pairwise verdicts between k contenders from their
// final-seed scores, and ranks that let contenders which are not separated
// share a place.
//
// For every pair i < j (m = k(k − 1)/2 pairs, in the order (0,1), (0,2), …,
// (0,k−1), (1,2), …):
// 1. the two-sided Mann–Whitney U test of scores[i] against scores[j]
//    (mann_whitney.hpp: exact without ties for up to 25 values a side, the
//    tie-corrected normal approximation otherwise);
// 2. Holm's step-down correction over the m p-values at α (holm.hpp), so the
//    chance of any false "better" in the whole table is at most α;
// 3. the verdict of i against j: "tie" unless Holm rejects; when it rejects,
//    "better" if i's scores are stochastically the better ones, i.e.
//    U_i > U_j (U_i = the pairs (x from i, y from j) with x > y, ties 1/2)
//    for a higher-is-better metric, U_i < U_j for a lower-is-better one,
//    and "worse" otherwise. The direction comes from the rank test itself,
//    so it always agrees with what was tested; the effect size below is
//    reported beside it (in rare, outlier-driven cases it can have the other
//    sign). The verdict of j against i is the mirror image;
// 4. the effect size: mean(scores[i]) − mean(scores[j]) with its percentile
//    bootstrap interval (bootstrap.hpp); for j against i, the negation.
// Per contender: n, mean, sample standard deviation, median and the
// percentile bootstrap interval of the mean.
//
// Rank rule: rank(i) = 1 + the number of contenders that are significantly
// better than i. Contenders nobody beats share rank 1, and contenders beaten
// by equally many share a rank; ranks need not be consecutive (1, 1, 3).
// A better rank is not by itself a significant difference: if A beats C
// while B ties both, A and B share rank 1 and C gets rank 2 although B and C
// were not separated; the verdicts say which pairs were. Two contenders with
// identical scores tie (p = 1) and, having the same p-values against
// everyone else, get the same Holm decisions and the same rank.
//
// Bootstrap seeds: every interval uses options.bootstrap as it is (the same
// seed), so each interval is a pure function of the scores it describes,
// whatever other contenders are compared.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "stats/bootstrap.hpp"
#include "stats/direction.hpp"
#include "stats/mann_whitney.hpp"

namespace lrbench::stats {

enum class Verdict { better, worse, tie };

// "better", "worse", "tie".
[[nodiscard]] const char* to_string(Verdict verdict) noexcept;

struct PairwiseOptions {
  Direction direction = Direction::higher_is_better;
  double alpha = 0.05;  // family-wise, over all pairs
  BootstrapOptions bootstrap;
};

struct ContenderSummary {
  std::size_t n = 0;
  double mean = 0.0;
  double standard_deviation = 0.0;  // sample (n − 1); 0 for one score
  double median = 0.0;
  BootstrapInterval mean_interval;  // estimate = mean
  int rank = 1;
};

struct PairResult {
  std::size_t first = 0;   // i
  std::size_t second = 0;  // j > i
  MannWhitneyResult test;  // scores[i] as the first sample: u1 = U_i
  double p_adjusted = 1.0; // Holm
  bool significant = false;
  Verdict verdict = Verdict::tie;     // i against j
  BootstrapInterval mean_difference;  // mean(i) − mean(j)
};

struct PairwiseComparison {
  std::vector<ContenderSummary> contenders;  // in input order
  std::vector<PairResult> pairs;             // i < j, lexicographic
};

// Throws std::invalid_argument when a contender has no score or a NaN score,
// or alpha is not in (0, 1) (and as bootstrap.hpp says for its options).
[[nodiscard]] PairwiseComparison compare_pairwise(std::span<const std::vector<double>> scores,
                                                  const PairwiseOptions& options = {});

// Position of pair (i, j), i < j, in PairwiseComparison::pairs for k
// contenders: i·k − i(i + 1)/2 + (j − i − 1).
[[nodiscard]] std::size_t pair_index(std::size_t i, std::size_t j, std::size_t k) noexcept;

// The verdict of contender i against contender j (i ≠ j), either order.
[[nodiscard]] Verdict verdict_of(const PairwiseComparison& comparison, std::size_t i, std::size_t j);

// mean(i) − mean(j) with its interval, either order (for i > j the stored
// pair's interval negated: [−upper, −lower]).
[[nodiscard]] BootstrapInterval mean_difference_of(const PairwiseComparison& comparison, std::size_t i,
                                                   std::size_t j);

}  // namespace lrbench::stats
