// Descriptive statistics of one sample: the one home of mean, standard
// deviation, median and quantiles in lrbench.
//
// Missing values. NaN marks a missing value (a run that produced no number)
// and is skipped by every function here, as numpy's nanmean, nanstd,
// nanmedian and nanquantile skip it; n below is the number of non-NaN values.
// Infinities are values (e.g. "never reached the target" = +inf epochs) and
// take part in the arithmetic as IEEE 754 says: the median of {3, +inf, +inf}
// is +inf, the mean of {1, +inf} is +inf.
//
// Determinism. Sums run left to right over the values in the order given
// (numpy sums pairwise, so means can differ from numpy's in the last bits for
// n > 8); no libm function is used (√ rounds correctly everywhere).
#pragma once

#include <span>
#include <vector>

namespace lrbench::stats {

// x̄ = (1/n) Σ xᵢ. NaN when n = 0.
[[nodiscard]] double mean(std::span<const double> values) noexcept;

// Sample standard deviation, s = √( Σ (xᵢ − x̄)² / (n − 1) ) (Bessel's
// correction; numpy's std with ddof=1), two-pass. 0 when n = 1, NaN when
// n = 0.
[[nodiscard]] double sample_standard_deviation(std::span<const double> values) noexcept;

// The median: the middle of the sorted values x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, for even n
// the mean of the two middle ones, (x₍ₙ/₂₋₁₎ + x₍ₙ/₂₎) / 2 (numpy's median).
// NaN when n = 0.
[[nodiscard]] double median(std::span<const double> values);

// The lower median x₍⌊(n−1)/2⌋₎: always one of the values, never a mean of
// two (an epoch count stays a whole epoch). NaN when n = 0.
[[nodiscard]] double lower_median(std::span<const double> values);

// The q-quantile, 0 ≤ q ≤ 1, by linear interpolation between order
// statistics: numpy's default (method="linear"; Hyndman & Fan 1996,
// definition 7; also R's default type 7). With h = (n − 1)·q, j = ⌊h⌋ and
// g = h − j:
//   Q(q) = x₍ⱼ₎ + g·(x₍ⱼ₊₁₎ − x₍ⱼ₎)          when g < 1/2,
//   Q(q) = x₍ⱼ₊₁₎ − (1 − g)·(x₍ⱼ₊₁₎ − x₍ⱼ₎)  when g ≥ 1/2
// (the two forms are equal in exact arithmetic; choosing by g as numpy's
// _lerp does keeps Q monotone in q and exact at the ends, and gives numpy's
// bits). Q(0) is the minimum, Q(1) the maximum. With infinities: Q is x₍ⱼ₎
// itself when g = 0 or x₍ⱼ₎ = x₍ⱼ₊₁₎, the infinity when one neighbour is
// infinite, NaN between −∞ and +∞ (numpy gives NaN in more of these cases).
// NaN when n = 0; throws std::invalid_argument when q is outside [0, 1] or
// NaN.
[[nodiscard]] double quantile(std::span<const double> values, double q);

// quantile() at several q, sorting once. Same rules.
[[nodiscard]] std::vector<double> quantiles(std::span<const double> values, std::span<const double> qs);

// The same interpolation on values already sorted ascending, without NaN
// (the caller guarantees it): for callers that sort once and ask often.
[[nodiscard]] double quantile_of_sorted(std::span<const double> sorted, double q);

// Whether any value is NaN (for the functions that reject missing values).
[[nodiscard]] bool contains_nan(std::span<const double> values) noexcept;

// The non-NaN values, sorted ascending.
[[nodiscard]] std::vector<double> sorted_without_nan(std::span<const double> values);

}  // namespace lrbench::stats
