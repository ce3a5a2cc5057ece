// The method and the seed rule are in bootstrap.hpp.
#include "stats/bootstrap.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "stats/descriptive.hpp"
#include "util/random.hpp"

namespace lrbench::stats {

namespace {

void check_sample(std::span<const double> sample, const char* what) {
  if (sample.empty()) throw std::invalid_argument(std::string("bootstrap: the ") + what + " is empty");
  if (contains_nan(sample)) {
    throw std::invalid_argument(std::string("bootstrap: the ") + what + " holds NaN");
  }
}

void check_options(const BootstrapOptions& options) {
  if (options.resamples < 1) throw std::invalid_argument("bootstrap: resamples must be at least 1");
  if (!(options.level > 0.0 && options.level < 1.0)) {
    throw std::invalid_argument("bootstrap: level must be in (0, 1)");
  }
}

util::Rng stream(const BootstrapOptions& options) { return {options.seed, 0, util::Purpose::bootstrap}; }

// The mean of one resample of `sample`: n draws, summed in the order drawn.
double resampled_mean(std::span<const double> sample, util::Rng& rng) {
  const std::size_t n = sample.size();
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += sample[static_cast<std::size_t>(rng.bounded(n))];
  return sum / static_cast<double>(n);
}

}  // namespace

std::vector<double> bootstrap_means(std::span<const double> sample, const BootstrapOptions& options) {
  check_sample(sample, "sample");
  check_options(options);
  util::Rng rng = stream(options);
  std::vector<double> out(static_cast<std::size_t>(options.resamples));
  for (double& theta : out) theta = resampled_mean(sample, rng);
  return out;
}

std::vector<double> bootstrap_mean_differences(std::span<const double> a, std::span<const double> b,
                                               const BootstrapOptions& options) {
  check_sample(a, "first sample");
  check_sample(b, "second sample");
  check_options(options);
  util::Rng rng = stream(options);
  std::vector<double> out(static_cast<std::size_t>(options.resamples));
  for (double& theta : out) {
    const double mean_a = resampled_mean(a, rng);  // a*'s indices first, then b*'s
    const double mean_b = resampled_mean(b, rng);
    theta = mean_a - mean_b;
  }
  return out;
}

BootstrapInterval percentile_interval(std::span<const double> distribution, double estimate, double level) {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("bootstrap: level must be in (0, 1)");
  const double alpha = 1.0 - level;
  const std::array<double, 2> qs{alpha / 2.0, 1.0 - alpha / 2.0};
  const std::vector<double> bounds = quantiles(distribution, qs);
  return {estimate, bounds[0], bounds[1]};
}

BootstrapInterval bootstrap_mean_interval(std::span<const double> sample, const BootstrapOptions& options) {
  return percentile_interval(bootstrap_means(sample, options), mean(sample), options.level);
}

BootstrapInterval bootstrap_mean_difference_interval(std::span<const double> a, std::span<const double> b,
                                                     const BootstrapOptions& options) {
  return percentile_interval(bootstrap_mean_differences(a, b, options), mean(a) - mean(b), options.level);
}

}  // namespace lrbench::stats
