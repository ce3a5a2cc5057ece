// The two-sided Mann–Whitney U test (Wilcoxon rank-sum test): do two samples
// come from the same distribution, against the alternative that one tends to
// be larger? It makes no normality assumption, which suits benchmark timings
// (skewed, with outliers from interrupts and frequency changes).
//
// Statistic. Rank all n1 + n2 values together (ties get the mean of the ranks
// they span, "midranks"); with R1 the rank sum of sample a,
//   U1 = R1 − n1(n1 + 1)/2,   U2 = n1·n2 − U1.
// U1 counts the pairs (x in a, y in b) with x > y, ties counting 1/2.
//
// Exact p-value (no ties, small samples). Under H0 every one of the
// C(n1 + n2, n1) orderings of the pooled values is equally likely. The number
// of orderings with U = u obeys (look at the largest value: from a it beats all
// n2 values of b, from b it beats none)
//   f(n1, n2, u) = f(n1 − 1, n2, u − n2) + f(n1, n2 − 1, u),
//   f(0, n2, u) = f(n1, 0, u) = [u == 0].
// The distribution is symmetric about n1·n2/2, so the two-sided p-value is
//   p = min(1, 2 · P(U ≤ min(U1, U2))).
// (Mann & Whitney 1947; the same convention as scipy.stats.mannwhitneyu with
// method="exact".)
//
// Normal approximation (ties, or larger samples). With n = n1 + n2 and t_j the
// sizes of the groups of tied values,
//   μ = n1·n2/2,
//   σ² = n1·n2/12 · ((n + 1) − Σ (t_j³ − t_j) / (n(n − 1))),
//   z = (max(U1, U2) − μ − 1/2) / σ            (1/2: continuity correction),
//   p = min(1, 2·(1 − Φ(z))) = min(1, erfc(z/√2))   (erfc from special.hpp).
// (scipy.stats.mannwhitneyu with method="asymptotic", use_continuity=True.)
//
// Input. NaN is rejected (it has no rank); infinities rank as the largest or
// smallest values.
#pragma once

#include <span>

namespace lrbench::stats {

struct MannWhitneyResult {
  double u1 = 0.0;      // pairs (a > b), ties 1/2
  double u2 = 0.0;      // n1·n2 − u1
  double p = 1.0;       // two-sided
  bool exact = false;   // exact distribution (else the normal approximation)
};

// Samples with at most this many values each and no ties use the exact
// distribution. 2·C(50, 25) orderings still fit a double comfortably.
inline constexpr int kExactLimit = 25;

// Throws std::invalid_argument when either sample is empty or holds a NaN.
[[nodiscard]] MannWhitneyResult mann_whitney_u(std::span<const double> a, std::span<const double> b);

// P(U ≤ u) under H0 with no ties, for sample sizes n1, n2 (exact, by the
// recurrence above). u may be a half-integer only with ties, so it is floored.
[[nodiscard]] double exact_cdf(int n1, int n2, double u);

// The smallest two-sided p-value any data can give with n1 and n2 values (no
// ties: the samples completely separated): 2 / C(n1 + n2, n1), capped at 1.
[[nodiscard]] double smallest_p(int n1, int n2);

// The fewest values per side (equal sizes) for which smallest_p ≤ alpha: with
// fewer, the test can never reject at alpha. alpha = 0.01 → 5 (2/252 ≈ 0.0079;
// with 4: 2/70 ≈ 0.029).
[[nodiscard]] int min_repetitions(double alpha);

}  // namespace lrbench::stats
