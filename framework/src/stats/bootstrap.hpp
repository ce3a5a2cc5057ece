// Percentile bootstrap confidence intervals of a mean and of a difference of
// means (Efron 1979; Efron & Tibshirani 1993, "An Introduction to the
// Bootstrap", ch. 13, the percentile interval).
//
// One sample x of n values: draw B resamples x*₁ … x*_B, each n values drawn
// uniformly with replacement from x, and compute their means θ*_b. Two
// samples a (n_a) and b (n_b): resample each independently, θ*_b =
// mean(a*_b) − mean(b*_b). With α = 1 − level the interval is
//   [ Q(α/2), Q(1 − α/2) ]
// of the θ*, Q the linear-interpolation quantile of descriptive.hpp
// (numpy's default). The percentile method: no bias correction or
// acceleration (BCa), no studentising. It is transformation-respecting and
// needs no variance formula; with the n = 10 final seeds of a comparison its
// coverage is somewhat below the nominal level (the resampled means are a
// little too narrow, by √((n − 1)/n)), which readers of small-sample results
// should know.
//
// Seed rule. The resamples come from one stream,
//   util::Rng(seed, 0, util::Purpose::bootstrap)
// (xoshiro256** seeded with derive_seed(seed, 0, 4)), drawn in this order:
// for b = 1 … B, the n indices of x*_b (two samples: the n_a indices of a*_b,
// then the n_b indices of b*_b), each index j = rng.bounded(n) (Lemire's
// unbiased multiply-shift). Each resample's mean sums its values in the order
// drawn. The result is therefore a pure function of (values, B, level, seed):
// the same on every machine, and independent of what else a comparison
// computes. B = 10,000 by default: the Monte Carlo standard error of where
// the 2.5 % quantile falls is then √(0.025·0.975/B) ≈ 0.16 percentile points.
//
// Input: at least one value per sample, no NaN (infinite values make the
// interval infinite or NaN, by IEEE arithmetic).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lrbench::stats {

struct BootstrapOptions {
  int resamples = 10'000;  // B ≥ 1
  double level = 0.95;     // in (0, 1)
  std::uint64_t seed = 0;
};

struct BootstrapInterval {
  double estimate = 0.0;  // the statistic on the data itself: mean(x), or mean(a) − mean(b)
  double lower = 0.0;     // Q(α/2) of the bootstrap distribution
  double upper = 0.0;     // Q(1 − α/2)
};

// The B resampled means θ*₁ … θ*_B, in the order drawn. Throws
// std::invalid_argument on an empty sample, NaN, B < 1 or a level outside
// (0, 1).
[[nodiscard]] std::vector<double> bootstrap_means(std::span<const double> sample, const BootstrapOptions& options = {});

// The B resampled differences mean(a*) − mean(b*), in the order drawn.
[[nodiscard]] std::vector<double> bootstrap_mean_differences(std::span<const double> a, std::span<const double> b,
                                                             const BootstrapOptions& options = {});

// The percentile interval of the mean.
[[nodiscard]] BootstrapInterval bootstrap_mean_interval(std::span<const double> sample,
                                                        const BootstrapOptions& options = {});

// The percentile interval of mean(a) − mean(b).
[[nodiscard]] BootstrapInterval bootstrap_mean_difference_interval(std::span<const double> a,
                                                                   std::span<const double> b,
                                                                   const BootstrapOptions& options = {});

// The percentile interval [Q(α/2), Q(1 − α/2)] of any bootstrap distribution
// (the θ* in any order), around the given estimate.
[[nodiscard]] BootstrapInterval percentile_interval(std::span<const double> distribution, double estimate,
                                                    double level);

}  // namespace lrbench::stats
