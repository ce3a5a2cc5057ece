// The formulas are in descriptive.hpp.
#include "stats/descriptive.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace lrbench::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_probability(double q) {
  if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("quantile: q must be in [0, 1]");
}

}  // namespace

bool contains_nan(std::span<const double> values) noexcept {
  return std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
}

std::vector<double> sorted_without_nan(std::span<const double> values) {
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (double v : values) {
    if (!std::isnan(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

double mean(std::span<const double> values) noexcept {
  double sum = 0.0;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

double sample_standard_deviation(std::span<const double> values) noexcept {
  const double m = mean(values);
  if (std::isnan(m)) return kNaN;
  double squares = 0.0;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    squares += (v - m) * (v - m);
    ++n;
  }
  if (n == 1) return 0.0;
  return std::sqrt(squares / static_cast<double>(n - 1));
}

double median(std::span<const double> values) {
  const std::vector<double> sorted = sorted_without_nan(values);
  const std::size_t n = sorted.size();
  if (n == 0) return kNaN;
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

double lower_median(std::span<const double> values) {
  const std::vector<double> sorted = sorted_without_nan(values);
  if (sorted.empty()) return kNaN;
  return sorted[(sorted.size() - 1) / 2];
}

double quantile_of_sorted(std::span<const double> sorted, double q) {
  check_probability(q);
  if (sorted.empty()) return kNaN;
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const double j = std::floor(h);
  const auto below = static_cast<std::size_t>(j);
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double g = h - j;
  const double a = sorted[below];
  const double b = sorted[above];
  const double step = b - a;
  // On an order statistic (g = 0) or between equal values: a itself, also
  // when it is infinite (numpy's arithmetic gives NaN there, from 0·∞ or
  // ∞ − ∞). Strictly between a finite value and an infinity: the infinity;
  // between −∞ and +∞: NaN.
  if (g == 0.0 || a == b) return a;
  if (std::isinf(a) || std::isinf(b)) return std::isinf(a) && std::isinf(b) ? kNaN : (std::isinf(a) ? a : b);
  // numpy's _lerp: a + g·(b − a), or from the other end when g ≥ 1/2.
  return g >= 0.5 ? b - step * (1.0 - g) : a + step * g;
}

double quantile(std::span<const double> values, double q) {
  check_probability(q);
  return quantile_of_sorted(sorted_without_nan(values), q);
}

std::vector<double> quantiles(std::span<const double> values, std::span<const double> qs) {
  for (double q : qs) check_probability(q);
  const std::vector<double> sorted = sorted_without_nan(values);
  std::vector<double> out;
  out.reserve(qs.size());
  for (double q : qs) out.push_back(quantile_of_sorted(sorted, q));
  return out;
}

}  // namespace lrbench::stats
